"""The batch report: one self-contained HTML file a person opens in any browser, offline.

Inline CSS and plain JavaScript, an inline SVG chart, no external URL of any kind. It shows:

- a summary (counts, a chart of findings per category stacked by severity, the signature);
- filters: one checkbox per category and per severity (a finding shows when both are ticked);
- the stories ranked by their worst finding, then by MQM-weighted penalty per 100 words;
- failed and unmatched stories with the reason;
- the batch's terminology table;
- per story, source and translation side by side, one row per sentence link, every finding
  highlighted on both sides, and the list of its findings (category, severity, confidence, message).

Each highlight is a ``<mark>`` with ``data-finding-id``, ``data-category``, ``data-severity``,
``data-side`` and ``data-start``/``data-end``: the offsets, in the story's raw text, of the text
inside that mark. A finding that crosses a sentence row, or crosses another finding, is split into
several marks with the same ``data-finding-id`` (overlapping findings nest). Every piece of text
is escaped: markup in a story shows as text.

``stories`` items are dicts: ``id``; ``source`` and ``target`` as :meth:`mtqa.data.Document.to_dict`
(``text``, ``language``, ``segments``); ``links``, the sentence alignment
(:meth:`mtqa.data.Alignment.to_dict` each); ``findings`` (:meth:`mtqa.data.Finding.to_dict` plus
``id``, ``source_text``, ``target_text``); ``score``. The summary is ``summary.json``'s content.

>>> page = render_html({"counts": {"stories": 1}, "ranked": [{"id": "s", "rank": 1, "worst": "major"}]},
...     [{"id": "s", "score": 0.5,
...       "source": {"id": "s", "language": "de", "text": "Die <b>Bank</b>.", "segments": [[0, 16]]},
...       "target": {"id": "s", "language": "en", "text": "The bench.", "segments": [[0, 10]]},
...       "links": [{"source": [0], "target": [0]}],
...       "findings": [{"id": "s#0", "category": "sense", "severity": "major", "confidence": 0.8,
...                     "message": "Bank: bank, not bench", "source_span": {"side": "source", "start": 8, "end": 12},
...                     "target_span": {"side": "target", "start": 4, "end": 9}}]}])
>>> 'data-start="4" data-end="9">bench</mark>' in page, "&lt;b&gt;" in page
(True, True)
"""

from __future__ import annotations

import heapq
import html
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mtqa.data import SEVERITIES

# Scripts written right to left: their cells get dir="rtl".
_RTL = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"}
_SEVERITY_COLOURS = {"minor": "#f2c94c", "major": "#f2994a", "critical": "#eb5757"}
_TERM_ROWS = 200


def _e(value: Any) -> str:
    """Escaped text for element content and attribute values (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def render_html(summary: Mapping[str, Any], stories: Iterable[Mapping[str, Any]]) -> str:
    """The whole report as one string."""
    return "".join(iter_html(summary, stories))


def write_html(path: str | os.PathLike[str], summary: Mapping[str, Any], stories: Iterable[Mapping[str, Any]]) -> None:
    """Write the report atomically, a story at a time (``stories`` may be a generator)."""
    from mtqa.io.common import open_output

    with open_output(path) as handle:
        for chunk in iter_html(summary, stories):
            handle.write(chunk)


def iter_html(summary: Mapping[str, Any], stories: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The report in pieces: head, summary, filters, ranking, terminology, then each story."""
    counts = summary.get("counts") or {}
    ranked = list(summary.get("ranked") or ())
    info = {s["id"]: s for s in ranked}
    categories = list((counts.get("category") or {}).keys())
    title = f"mtqa report: {counts.get('stories', len(ranked))} stories"
    yield (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)}</title>\n'
           f"<style>{_CSS}</style>\n</head>\n<body>\n")
    yield _header(summary)
    yield _chart(counts)
    yield _filters(categories)
    yield _ranking(ranked)
    yield _problems(summary)
    yield _terms(summary.get("terminology") or {})
    yield '<section id="stories">\n<h2>Stories</h2>\n'
    for story in stories:
        yield _story(story, info.get(story["id"], {}))
    yield f"</section>\n<script>{_JS}</script>\n</body>\n</html>\n"


def _header(summary: Mapping[str, Any]) -> str:
    counts = summary.get("counts") or {}
    langs = summary.get("languages") or {}
    severity = counts.get("severity") or {}
    parts = [f"{counts.get('stories', 0)} stories", f"{counts.get('checked', 0)} checked"]
    if counts.get("failed"):
        parts.append(f'<a href="#failed">{counts["failed"]} failed</a>')
    if counts.get("unmatched"):
        parts.append(f'<a href="#unmatched">{counts["unmatched"]} without a translation</a>')
    parts.append(f"{counts.get('findings', 0)} findings (" +
                 ", ".join(f"{severity.get(s, 0)} {s}" for s in reversed(SEVERITIES)) + ")")
    pair = f"{_e(langs.get('source', '?'))} → {_e(langs.get('target', '?'))}"
    return (f'<header>\n<h1>mtqa batch report <span class="pair">{pair}</span></h1>\n'
            f'<p class="counts">{" · ".join(parts)}</p>\n'
            f'<p class="signature"><code>{_e(summary.get("signature", ""))}</code></p>\n</header>\n')


def _chart(counts: Mapping[str, Any]) -> str:
    """Findings per category, stacked by severity, as an inline SVG bar chart."""
    matrix = counts.get("category_severity") or {c: {} for c in counts.get("category") or {}}
    if not matrix:
        return '<section id="summary"><h2>Summary</h2><p class="none">No findings.</p></section>\n'
    totals = {c: sum(v.values()) or (counts.get("category") or {}).get(c, 0) for c, v in matrix.items()}
    top = max(totals.values()) or 1
    bar_w, label_w, row_h = 420, 110, 22
    height = row_h * len(matrix) + 34
    rows = []
    for k, (category, by_sev) in enumerate(matrix.items()):
        y = k * row_h + 4
        x = label_w
        rows.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(category)}</text>')
        for severity in reversed(SEVERITIES):
            n = by_sev.get(severity, 0)
            if not n:
                continue
            w = n / top * bar_w
            rows.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" '
                        f'fill="{_SEVERITY_COLOURS[severity]}"><title>{_e(category)}: {n} {severity}</title></rect>')
            x += w
        rows.append(f'<text x="{x + 4:.1f}" y="{y + 14}">{totals[category]}</text>')
    legend_y = row_h * len(matrix) + 20
    legend = "".join(
        f'<rect x="{label_w + 90 * k}" y="{legend_y - 10}" width="12" height="12" fill="{_SEVERITY_COLOURS[s]}"/>'
        f'<text x="{label_w + 90 * k + 16}" y="{legend_y}">{s}</text>' for k, s in enumerate(reversed(SEVERITIES)))
    svg = (f'<svg class="chart" role="img" aria-label="findings per category and severity" width="{label_w + bar_w + 60}" '
           f'height="{height}" viewBox="0 0 {label_w + bar_w + 60} {height}">{"".join(rows)}{legend}</svg>')
    return f'<section id="summary">\n<h2>Summary</h2>\n{svg}\n</section>\n'


def _filters(categories: Sequence[str]) -> str:
    def boxes(kind: str, values: Iterable[str]) -> str:
        return "".join(f'<label><input type="checkbox" class="filter" data-filter="{kind}" value="{_e(v)}" checked> '
                       f'{_e(v)}</label>' for v in values)

    return ('<section id="filters">\n<h2>Filters</h2>\n'
            f'<fieldset class="filter-group" data-filter="severity"><legend>Severity</legend>'
            f'{boxes("severity", reversed(SEVERITIES))}</fieldset>\n'
            f'<fieldset class="filter-group" data-filter="category"><legend>Category</legend>'
            f'{boxes("category", categories)} <button type="button" class="all">all</button>'
            f'<button type="button" class="none">none</button></fieldset>\n</section>\n')


def _badge(severity: str | None) -> str:
    if not severity:
        return '<span class="badge clean">clean</span>'
    return f'<span class="badge sev-{_e(severity)}">{_e(severity)}</span>'


def _ranking(ranked: Sequence[Mapping[str, Any]]) -> str:
    rows = "".join(
        f'<tr data-story-id="{_e(s["id"])}"><td>{s.get("rank", k + 1)}</td>'
        f'<td><a href="#story-{s.get("rank", k + 1)}">{_e(s["id"])}</a></td><td>{_badge(s.get("worst"))}</td>'
        f'<td class="num">{s.get("findings", 0)}</td><td class="num">{s.get("penalty", 0):.2f}</td>'
        f'<td class="num">{s.get("score", 0):.3f}</td></tr>\n' for k, s in enumerate(ranked))
    return ('<section id="ranking">\n<h2>Stories by severity</h2>\n<table class="ranking"><thead><tr><th>#</th>'
            '<th>story</th><th>worst</th><th>findings</th><th title="MQM-weighted penalty per 100 words">penalty</th>'
            f'<th>score</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n</section>\n')


def _problems(summary: Mapping[str, Any]) -> str:
    out = []
    failed = summary.get("failed") or ()
    if failed:
        rows = "".join(f'<tr><td>{_e(f["id"])}</td><td>{_e(f["error"].get("type"))}</td>'
                       f'<td>{_e(f["error"].get("message"))}</td></tr>\n' for f in failed)
        out.append(f'<section id="failed">\n<h2>Failed stories</h2>\n<table><thead><tr><th>story</th><th>error</th>'
                   f'<th>message</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n</section>\n')
    unmatched = summary.get("unmatched") or ()
    if unmatched:
        rows = "".join(
            f'<tr><td>{_e(u.get("source_id") or u.get("target_id"))}</td><td>{_e(u["type"].replace("unmatched_", ""))}</td>'
            f'<td>{_e(u.get("reason"))}</td><td>{_e(u.get("best_candidate"))}</td></tr>\n' for u in unmatched)
        out.append(f'<section id="unmatched">\n<h2>Stories without a counterpart</h2>\n<table><thead><tr><th>story</th>'
                   f'<th>side</th><th>reason</th><th>best candidate</th></tr></thead>\n<tbody>\n{rows}</tbody>'
                   f'</table>\n</section>\n')
    return "".join(out)


def _terms(terms: Mapping[str, Any]) -> str:
    head = '<section id="terms">\n<h2>Terminology across the batch</h2>\n'
    if terms.get("error"):
        return head + f'<p class="error">Not scored: {_e(terms["error"].get("message"))}</p>\n</section>\n'
    table = terms.get("table") or ()
    if terms.get("score") is None:
        return head + '<p class="none">No recurring terms.</p>\n</section>\n'
    status = ", ".join(f"{n} {_e(s)}" for s, n in (terms.get("status") or {}).items())
    lines = [f'<p>Consistency score <b>{terms["score"]:.3f}</b> over {terms.get("terms", 0)} terms ({status}).</p>']
    glossary = terms.get("glossary")
    if glossary:
        rate = glossary.get("term_success_rate")
        lines.append(f'<p>Glossary: term success rate <b>{"n/a" if rate is None else f"{rate:.3f}"}</b> '
                     f'({glossary.get("hit", 0)} hits, {glossary.get("missing", 0)} missing, '
                     f'{glossary.get("forbidden", 0)} forbidden).</p>')
    rows = "".join(
        f'<tr class="term status-{_e(t["status"])}"><td>{_e(t["term"])}</td><td>{_e(t["status"])}</td>'
        f'<td class="num">{t["occurrences"]}</td><td class="num">{t.get("stories", "")}</td>'
        f'<td class="num">{t["score"]:.2f}</td><td>'
        + "; ".join(f'{_e(r["text"])} ×{r["count"]}' + (f' <small>(meaning {r["meaning"] + 1})</small>'
                                                       if r.get("meaning") else "") for r in t["renderings"])
        + "</td></tr>\n" for t in table[:_TERM_ROWS])
    more = f'<p class="none">{len(table) - _TERM_ROWS} more terms in terms.json.</p>' if len(table) > _TERM_ROWS else ""
    return (head + "\n".join(lines) + '\n<table class="terms"><thead><tr><th>term</th><th>status</th><th>occurrences</th>'
            f'<th>stories</th><th>score</th><th>renderings</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n{more}'
            '</section>\n')


# ---------------------------------------------------------------------------------------------
# Highlighting


@dataclass(frozen=True, order=True)
class _Piece:
    """A highlighted range of one finding on one side (story offsets)."""

    start: int
    neg_end: int  # sorts longer ranges first at the same start, so they enclose the shorter ones
    order: int
    key: str
    finding: Mapping[str, Any] = field(compare=False)

    @property
    def end(self) -> int:
        return -self.neg_end


def _laminar(pieces: Iterable[_Piece]) -> list[_Piece]:
    """Split ranges that cross each other so that every two ranges nest or are disjoint.

    >>> f = {}
    >>> [(p.start, p.end, p.key) for p in _laminar([_Piece(0, -5, 0, "a", f), _Piece(3, -8, 1, "b", f)])]
    [(0, 5, 'a'), (3, 5, 'b'), (5, 8, 'b')]
    """
    queue = list(pieces)
    heapq.heapify(queue)
    out: list[_Piece] = []
    open_: list[_Piece] = []
    while queue:
        piece = heapq.heappop(queue)
        while open_ and open_[-1].end <= piece.start:
            open_.pop()
        if open_ and piece.end > open_[-1].end:
            # Crosses the innermost open range: keep the part inside it, the rest comes later.
            cut = open_[-1].end
            heapq.heappush(queue, _Piece(cut, piece.neg_end, piece.order, piece.key, piece.finding))
            piece = _Piece(piece.start, -cut, piece.order, piece.key, piece.finding)
        out.append(piece)
        open_.append(piece)
    return sorted(out)


def _mark(piece: _Piece, side: str, inner: str) -> str:
    f = piece.finding
    title = f"{f.get('severity')} {f.get('category')}: {f.get('message', '')}"
    return (f'<mark class="f sev-{_e(f.get("severity"))}" title="{_e(title)}" data-finding-id="{_e(piece.key)}" '
            f'data-category="{_e(f.get("category"))}" data-severity="{_e(f.get("severity"))}" data-side="{side}" '
            f'data-start="{piece.start}" data-end="{piece.end}">{inner}</mark>')


def _emit(text: str, lo: int, hi: int, pieces: Sequence[_Piece], side: str) -> str:
    """``text[lo:hi]`` escaped, with the laminar ``pieces`` (sorted, inside [lo, hi]) as nested marks."""
    out = []
    pos, i = lo, 0
    while i < len(pieces):
        piece = pieces[i]
        j = i + 1
        while j < len(pieces) and pieces[j].end <= piece.end:
            j += 1
        out.append(_e(text[pos:piece.start]))
        out.append(_mark(piece, side, _emit(text, piece.start, piece.end, pieces[i + 1:j], side)))
        pos, i = piece.end, j
    out.append(_e(text[pos:hi]))
    return "".join(out)


def highlight(text: str, lo: int, hi: int, findings: Sequence[tuple[str, Mapping[str, Any]]], side: str) -> str:
    """``text[lo:hi]`` as escaped HTML with each finding's ``{side}_span`` (clipped to the range)
    marked; ``findings`` are ``(key, finding)`` pairs.

    >>> f = {"category": "number", "severity": "critical", "target_span": {"start": 5, "end": 7}}
    >>> highlight("Bar <25> %", 0, 10, [("k", f)], "target")  # doctest: +ELLIPSIS
    'Bar &lt;<mark ... data-start="5" data-end="7">25</mark>&gt; %'
    """
    pieces = []
    for order, (key, f) in enumerate(findings):
        span = f.get(f"{side}_span")
        if not span:
            continue
        start, end = max(span["start"], lo), min(span["end"], hi)
        if start < end or (span["start"] == span["end"] and lo <= span["start"] <= hi):
            pieces.append(_Piece(start, -end, order, key, f))
    return _emit(text, lo, hi, _laminar(pieces), side)


# ---------------------------------------------------------------------------------------------
# A story


def _cell(doc: Mapping[str, Any], indices: Sequence[int], findings: Sequence[tuple[str, Mapping[str, Any]]],
          side: str) -> str:
    lang = str(doc.get("language", ""))
    direction = ' dir="rtl"' if lang.split("-")[0] in _RTL else ""
    if not indices:
        return f'<td class="side {side} empty" data-side="{side}" lang="{_e(lang)}"{direction}></td>'
    segments = doc["segments"]
    lo, hi = _seg(segments[indices[0]])[0], _seg(segments[indices[-1]])[1]
    body = highlight(doc["text"], lo, hi, findings, side)
    return (f'<td class="side {side}" data-side="{side}" data-start="{lo}" data-end="{hi}" lang="{_e(lang)}"'
            f'{direction}>{body}</td>')


def _seg(segment: Any) -> tuple[int, int]:
    if isinstance(segment, Mapping):
        return int(segment["start"]), int(segment["end"])
    return int(segment[0]), int(segment[1])


def _clip(text: str | None, limit: int = 90) -> str:
    # The list quotes a span to recognize it; the highlight in the table shows all of it.
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _finding_item(key: str, f: Mapping[str, Any]) -> str:
    spans = "".join(f' data-{side}-start="{span["start"]}" data-{side}-end="{span["end"]}"'
                    for side in ("source", "target") if (span := f.get(f"{side}_span")))
    quotes = " → ".join(f'<q class="{side}">{_e(_clip(f.get(f"{side}_text")))}</q>' for side in ("source", "target")
                        if f.get(f"{side}_span"))
    scope = ' <span class="scope">batch</span>' if f.get("scope") == "batch" else ""
    return (f'<li class="finding" data-finding-id="{_e(key)}" data-ref="{_e(f.get("id"))}" '
            f'data-category="{_e(f.get("category"))}" data-severity="{_e(f.get("severity"))}"{spans}>'
            f'{_badge(f.get("severity"))} <span class="cat">{_e(f.get("category"))}</span> '
            f'<span class="conf" title="confidence">{float(f.get("confidence", 0)):.2f}</span>{scope} '
            f'<span class="msg">{_e(f.get("message"))}</span> {quotes}</li>\n')


def _story(story: Mapping[str, Any], info: Mapping[str, Any]) -> str:
    rank = info.get("rank", 0)
    findings = [(f"f{rank}-{k}", f) for k, f in enumerate(story.get("findings") or ())]
    source, target = story["source"], story["target"]
    rows = []
    for k, link in enumerate(story.get("links") or ()):
        src, tgt = list(link.get("source") or ()), list(link.get("target") or ())
        kind = "moved" if link.get("moved") else "deletion" if not tgt else "insertion" if not src else \
            f"{len(src)}-{len(tgt)}"
        confidence = link.get("confidence")
        note = "" if confidence is None else f' title="{kind}, confidence {confidence:.2f}"'
        rows.append(f'<tr class="link kind-{kind}"{note}><td class="n">{k + 1}</td>'
                    f'{_cell(source, src, findings, "source")}{_cell(target, tgt, findings, "target")}</tr>\n')
    match = info.get("match") or {}
    matched = f" · translation {_e(target.get('id'))}" if target.get("id") != story["id"] else ""
    if match.get("by") == "documents" and match.get("score") is not None:
        matched += f" (matched, score {match['score']:.2f})"
    items = "".join(_finding_item(key, f) for key, f in findings) or '<li class="none">No findings.</li>'
    return (f'<article class="story" id="story-{rank}" data-story-id="{_e(story["id"])}">\n'
            f'<h3><span class="rank">#{rank}</span> {_e(story["id"])} {_badge(info.get("worst"))}</h3>\n'
            f'<p class="meta"><span class="visible-count">{len(findings)}</span> of {len(findings)} findings shown · '
            f'penalty {info.get("penalty", 0):.2f} per 100 words · score {float(story.get("score") or 0):.3f}'
            f'{matched}</p>\n'
            f'<table class="aligned"><thead><tr><th>#</th><th>source ({_e(source.get("language"))})</th>'
            f'<th>translation ({_e(target.get("language"))})</th></tr></thead>\n<tbody>\n{"".join(rows)}</tbody></table>\n'
            f'<ol class="findings">\n{items}</ol>\n</article>\n')


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0 auto;max-width:1300px;
padding:0 1.2em 3em;color:#1d1d1f}
h1 .pair{font-weight:normal;color:#666;font-size:.7em}
code{font-size:.8em;color:#555;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border-bottom:1px solid #e3e3e3;padding:.3em .5em;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart text{font-size:12px;fill:#333}
#filters fieldset{display:inline-block;border:1px solid #ddd;margin:0 1em .5em 0}
#filters label{margin-right:.8em;white-space:nowrap}
.badge{display:inline-block;padding:0 .45em;border-radius:.6em;font-size:.8em;font-weight:600}
.badge.clean{background:#d5f5e3}
.sev-minor.badge{background:#f2c94c}.sev-major.badge{background:#f2994a}.sev-critical.badge{background:#eb5757;color:#fff}
article.story{border-top:3px solid #ccc;margin-top:2em}
table.aligned td.side{width:48%;white-space:pre-wrap}
table.aligned td.n{color:#999;font-size:.8em}
tr.kind-moved td.n::after{content:" ↕"}
tr.kind-deletion td.target,tr.kind-insertion td.source{background:#fafafa}
mark.f{border-radius:2px;padding:0 1px}
mark.sev-minor{background:#fbe9a7}mark.sev-major{background:#f9c89b}mark.sev-critical{background:#f5a3a3}
mark.f mark.f{box-shadow:inset 0 -2px 0 #555}
mark.filtered{background:transparent;box-shadow:none}
mark.focus{outline:2px solid #2d6cdf}
ol.findings li{margin:.2em 0;cursor:pointer}
li.finding.filtered{display:none}
.cat{font-weight:600}.conf{color:#666;font-size:.85em}.scope{font-size:.75em;color:#2d6cdf}
q.source,q.target{background:#f3f3f3;padding:0 .2em}
.none{color:#777}.error{color:#b00}
"""

_JS = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.filter'));
  function apply() {
    var off = {category: {}, severity: {}};
    boxes.forEach(function (b) { if (!b.checked) { off[b.dataset.filter][b.value] = true; } });
    document.querySelectorAll('[data-finding-id]').forEach(function (el) {
      var hidden = !!(off.category[el.dataset.category] || off.severity[el.dataset.severity]);
      el.classList.toggle('filtered', hidden);
    });
    document.querySelectorAll('article.story').forEach(function (a) {
      a.querySelector('.visible-count').textContent = a.querySelectorAll('li.finding:not(.filtered)').length;
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.querySelectorAll('fieldset.filter-group button').forEach(function (button) {
    button.addEventListener('click', function () {
      button.parentNode.querySelectorAll('input.filter').forEach(function (b) {
        b.checked = button.classList.contains('all');
      });
      apply();
    });
  });
  document.querySelectorAll('li.finding').forEach(function (li) {
    li.addEventListener('click', function () {
      document.querySelectorAll('mark.focus').forEach(function (m) { m.classList.remove('focus'); });
      var marks = document.querySelectorAll('mark[data-finding-id="' + li.dataset.findingId + '"]');
      marks.forEach(function (m) { m.classList.add('focus'); });
      if (marks.length) { marks[0].scrollIntoView({block: 'center'}); }
    });
  });
  apply();
})();
"""
