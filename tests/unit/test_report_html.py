"""The HTML report (mtqa.report.html): escaping, highlights in story offsets, overlapping and
cross-row spans, self-containment, filters and tables. No model, no browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mtqa.report.html import highlight, render_html
from mtqa.sentences import segment_document


class _Marks(HTMLParser):
    """Every <mark>: its attributes and the text inside it (nested marks included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict] = []
        self._open: list[dict] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "mark":
            mark = {**attrs, "text": ""}
            self.marks.append(mark)
            self._open.append(mark)

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open.pop()

    def handle_data(self, data):
        for mark in self._open:
            mark["text"] += data


def _parse(page: str) -> _Marks:
    parser = _Marks()
    parser.feed(page)
    return parser


def _doc(doc_id, lang, text):
    doc = segment_document(doc_id, lang, text)
    return {"id": doc.id, "language": lang, "text": doc.text, "segments": [[s.start, s.end] for s in doc.segments]}


def _finding(category, severity, src=None, tgt=None, message="m"):
    return {"category": category, "severity": severity, "confidence": 0.8, "message": message, "check": "t",
            "source_span": {"side": "source", "start": src[0], "end": src[1]} if src else None,
            "target_span": {"side": "target", "start": tgt[0], "end": tgt[1]} if tgt else None}


SOURCE = 'Die <b>Bank</b> & "Kasse" öffnet um 9 Uhr. Der Kiefer wächst.'
TARGET = 'The <b>bench</b> & "till" opens at 10 a.m. The jaw grows.'


def _story(findings, links=None):
    src, tgt = _doc("s1", "de", SOURCE), _doc("s1", "en", TARGET)
    return {"id": "s1", "score": 0.4, "source": src, "target": tgt,
            "links": links or [{"source": [0], "target": [0], "confidence": 0.9}, {"source": [1], "target": [1]}],
            "findings": [dict(f, id=f"s1#{k}") for k, f in enumerate(findings)]}


SUMMARY = {"counts": {"stories": 1, "checked": 1, "findings": 3, "severity": {"major": 2, "critical": 1},
                      "category": {"sense": 2, "number": 1},
                      "category_severity": {"sense": {"minor": 0, "major": 2, "critical": 0},
                                            "number": {"minor": 0, "major": 0, "critical": 1}}},
           "languages": {"source": "de", "target": "en"}, "signature": "mtqa:0.1.0|task:batch",
           "ranked": [{"id": "s1", "rank": 1, "worst": "critical", "findings": 3, "penalty": 12.5, "score": 0.4}],
           "terminology": {"score": 0.75, "terms": 1, "status": {"conflict": 1},
                           "table": [{"term": "Bank<i>", "status": "conflict", "occurrences": 2, "stories": 1,
                                      "score": 0.5, "renderings": [{"text": "bench", "count": 1, "meaning": 0},
                                                                   {"text": "bank & co", "count": 1, "meaning": 1}]}]},
           "failed": [{"id": "bad<1>", "error": {"type": "InputError", "message": "file is empty"}}]}


def _spans(text, word):
    start = text.index(word)
    return start, start + len(word)


def test_markup_in_stories_is_text_and_every_highlight_matches_its_offsets():
    bank, bench = _spans(SOURCE, "Bank"), _spans(TARGET, "bench")
    nine, ten = _spans(SOURCE, "9 Uhr"), _spans(TARGET, "10 a.m.")
    page = render_html(SUMMARY, [_story([_finding("number", "critical", nine, ten),
                                         _finding("sense", "major", bank, bench, message='<script>alert("x")</script>')])])
    assert "<b>Bank" not in page and "&lt;b&gt;<mark" in page and "</mark>&lt;/b&gt;" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)" in page
    assert "Bank&lt;i&gt;" in page and "bank &amp; co" in page and "bad&lt;1&gt;" in page
    parsed = _parse(page)
    texts = {"source": SOURCE, "target": TARGET}
    assert len(parsed.marks) == 4
    for mark in parsed.marks:
        start, end = int(mark["data-start"]), int(mark["data-end"])
        assert mark["text"] == texts[mark["data-side"]][start:end]
    by_side = {(m["data-category"], m["data-side"]): m["text"] for m in parsed.marks}
    assert by_side == {("number", "source"): "9 Uhr", ("number", "target"): "10 a.m.",
                       ("sense", "source"): "Bank", ("sense", "target"): "bench"}


def test_overlapping_and_crossing_findings_nest_or_split_but_cover_their_spans():
    # a: "Kasse\" öffnet", b crosses it: "öffnet um 9", c inside b: "um", d identical to c.
    a, b = _spans(SOURCE, 'Kasse" öffnet'), _spans(SOURCE, "öffnet um 9")
    c = _spans(SOURCE, "um")
    findings = [_finding("sense", "major", a), _finding("number", "critical", b), _finding("omission", "minor", c),
                _finding("addition", "minor", c)]
    cell = highlight(SOURCE, 0, len(SOURCE), [(f"f{k}", f) for k, f in enumerate(findings)], "source")
    parsed = _parse(cell)
    pieces: dict[str, list[tuple[int, int, str]]] = {}
    for mark in parsed.marks:
        start, end = int(mark["data-start"]), int(mark["data-end"])
        assert mark["text"] == SOURCE[start:end]
        pieces.setdefault(mark["data-finding-id"], []).append((start, end, mark["text"]))
    for key, span in {"f0": a, "f1": b, "f2": c, "f3": c}.items():
        got = sorted(pieces[key])
        assert (got[0][0], got[-1][1]) == span
        assert all(x[1] == y[0] for x, y in zip(got, got[1:]))  # contiguous pieces, nothing left out
        assert "".join(t for _, _, t in got) == SOURCE[span[0]:span[1]]
    assert len(pieces["f1"]) == 2  # split where it crosses f0
    # The visible text is the story, unchanged.
    assert re.sub(r"<[^>]+>", "", cell).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&") == SOURCE


def test_a_span_across_two_sentence_rows_is_split_per_row():
    across = (TARGET.index("opens"), TARGET.index("jaw") + 3)
    page = render_html(SUMMARY, [_story([_finding("boundary", "major", None, across)])])
    marks = [m for m in _parse(page).marks if m["data-side"] == "target"]
    assert len(marks) == 2 and {m["data-finding-id"] for m in marks} == {"f1-0"}
    assert marks[0]["text"].startswith("opens") and marks[1]["text"].endswith("jaw")
    assert int(marks[0]["data-start"]) == across[0] and int(marks[1]["data-end"]) == across[1]


def test_zero_length_span_is_an_empty_mark_and_unaligned_rows_render():
    point = TARGET.index("The jaw")
    story = _story([_finding("omission", "major", _spans(SOURCE, "Kiefer"), (point, point))],
                   links=[{"source": [0], "target": [0]}, {"source": [1], "target": []}, {"source": [], "target": [1]}])
    page = render_html(SUMMARY, [story])
    marks = _parse(page).marks
    assert {(m["data-side"], m["text"]) for m in marks} == {("source", "Kiefer"), ("target", "")}
    assert 'class="link kind-deletion"' in page and 'class="link kind-insertion"' in page


def test_report_is_self_contained_with_filters_chart_ranking_and_terms():
    page = render_html(SUMMARY, [_story([_finding("sense", "major", _spans(SOURCE, "Bank"))])])
    tags = _parse(page).tags
    assert not [t for t, a in tags if t in {"link", "img", "iframe"} or (t == "script" and "src" in a)]
    assert not re.search(r"(?:https?:)?//[\w.-]+\.\w", page.replace("http://www.w3.org/2000/svg", ""))
    assert "@import" not in page and "url(" not in page
    filters = {(a["data-filter"], a["value"]) for t, a in tags if t == "input"}
    assert filters == {("severity", s) for s in ("minor", "major", "critical")} | {("category", "sense"),
                                                                                   ("category", "number")}
    assert "<svg" in page and page.count("<rect") >= 2
    assert 'href="#story-1"' in page and 'id="story-1"' in page
    assert 'id="terms"' in page and "conflict" in page and 'id="failed"' in page
    finding = [a for t, a in tags if t == "li" and a.get("data-finding-id")][0]
    assert finding["data-source-start"] == str(SOURCE.index("Bank")) and "data-target-start" not in finding


def test_rtl_target_cells_and_an_empty_batch():
    story = _story([])
    story["target"] = _doc("s1", "ar", "ارتفع السعر. انخفض الطلب.")
    page = render_html(SUMMARY, [story])
    assert 'lang="ar" dir="rtl"' in page
    empty = render_html({"counts": {}, "ranked": []}, [])
    assert empty.startswith("<!doctype html>") and "No findings." in empty
