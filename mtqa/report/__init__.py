"""Report writers: the self-contained HTML report of a batch run (:mod:`mtqa.report.html`).

>>> from mtqa.report import render_html
>>> "<!doctype html>" in render_html({"counts": {}, "ranked": []}, [])
True
"""

from __future__ import annotations

from mtqa.report.html import iter_html, render_html, write_html

__all__ = ["iter_html", "render_html", "write_html"]
