"""Plots of ``mtqa eval mt`` results: segment score distributions and a system comparison.

matplotlib is optional (``pip install 'mtqa[plot]'``) and imported only here, when a plot is drawn.
The figure is drawn on matplotlib's Agg canvas directly (no pyplot), so a plot never changes the
backend of a program that imports mtqa.

>>> result = {"signatures": {"chrf": "..."}, "systems": {
...     "A": {"chrf": {"score": 61.2, "segments": [55.0, 70.1, 58.3]}},
...     "B": {"chrf": {"score": 48.9, "segments": [40.2, 52.7, 51.0]}}}}
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "scores.png")
>>> plot_mt(result, path)  # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mtqa.errors import ConfigError, UsageError
from mtqa.io.common import write_bytes_atomic


def require_matplotlib() -> Any:
    """The ``matplotlib.figure`` module, or a :class:`ConfigError` saying how to install it."""
    try:
        from matplotlib import figure
    except ImportError:
        raise ConfigError(
            "plots need matplotlib, which is not installed: pip install 'mtqa[plot]'",
            hint="pip install 'mtqa[plot]' (or pip install 'matplotlib>=3.7')",
        ) from None
    return figure


def plot_mt(result: Mapping[str, Any], path: str) -> None:
    """Draw one row per metric: a box plot of each system's segment scores (left) and a bar chart of
    the systems' corpus scores (right; error bars are the 95% intervals of a paired bootstrap test
    when ``result`` has one). ``result`` is :func:`mtqa.metrics.mt.score_mt`'s output with segment
    scores; the image format follows the file extension (png, pdf, svg)."""
    figure = require_matplotlib()
    metrics = list(result["signatures"])
    systems = list(result["systems"])
    if any("segments" not in result["systems"][s][m] for s in systems for m in metrics):
        raise UsageError("a plot needs segment scores (score_mt(..., segment_scores=True))")
    significance = result.get("significance", {}).get("systems", {})
    fig = figure.Figure(figsize=(11, 3.2 * len(metrics)), layout="constrained")
    axes = fig.subplots(len(metrics), 2, squeeze=False)
    positions = list(range(len(systems)))
    for (dist, bars), metric in zip(axes, metrics):
        scores = [[v for v in result["systems"][s][metric]["segments"] if v is not None] for s in systems]
        # An empty list (adequacy without a score) would make boxplot fail: draw nothing for it.
        dist.boxplot([v or [math.nan] for v in scores], positions=positions, showmeans=True)
        dist.set_title(f"{metric}: segment scores")
        corpus = [result["systems"][s][metric]["score"] for s in systems]
        errors = [(significance.get(s, {}).get(metric) or {}).get("ci") or 0.0 for s in systems]
        bars.bar(positions, [math.nan if c is None else c for c in corpus], yerr=errors, capsize=4, color="tab:blue")
        bars.set_title(f"{metric}: system scores")
        for ax in (dist, bars):
            ax.set_xticks(positions, systems, rotation=20, ha="right")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=Path(path).suffix.lstrip(".").lower() or "png")
    write_bytes_atomic(path, buffer.getvalue())
