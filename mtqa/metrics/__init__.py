"""Metrics: MT scores through sacrebleu, and (later) alignment and detection metrics."""
