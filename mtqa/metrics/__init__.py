"""Metrics: MT scores through sacrebleu, neural adequacy, and alignment and detection metrics."""
