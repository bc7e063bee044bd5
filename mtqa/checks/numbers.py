"""The numbers check: numbers, percentages, money, units, times and dates that changed in translation.

Both sides of every sentence link are read with :mod:`mtqa.checks.quantities` (locale-aware: "10.000"
in Greek is 10,000, "3 εκατ." is 3 million, 3万 is 30,000, "am 3. März" is March 3), then matched:

1. equal quantities pair up (any reading of one equals any reading of the other; the word
   alignment breaks ties between repeated values);
2. equal amounts in different units or currencies are a *unit* error ("148 km/h" → "148 mph");
   amounts converted between units within 2% are fine ("100 km" → "62 miles");
3. a source quantity left over pairs with a leftover target quantity of the same class — by the
   word alignment, else by order when both sides have as many leftovers — and is a *change*
   ("07:30 became 09:30"; critical, category ``number`` or ``date``);
4. leftover digits found nowhere near on the other side are *dropped* or *added* (major, lower
   confidence); number words are never reported alone, since translators render them freely,
   nor is a source digit 1 where the target has a word for one (1往復, "one round trip").

>>> from mtqa.checks.quantities import extract_quantities
>>> issues = compare_quantities(extract_quantities("στις 07:30", "el"), extract_quantities("at 09:30", "en"))
>>> [(i.kind, i.source.text, i.target.text) for i in issues]
[('changed', '07:30', '09:30')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mtqa.checks.base import Check, CheckContext, LinkView, overlapping, register
from mtqa.checks.quantities import (
    NUMERIC_KINDS,
    UNITS,
    Quantity,
    Reading,
    convertible,
    equivalent,
    extract_quantities,
    format_reading,
    same_class,
    values_close,
)
from mtqa.data import Finding

__all__ = ["Issue", "NumbersCheck", "compare_quantities"]


@dataclass(frozen=True)
class Issue:
    """One disagreement between the quantities of a source and a target text.

    ``kind`` is ``changed``, ``unit``, ``dropped`` or ``added``; ``aligned`` says whether the word
    alignment links the two quantities (evidence that they correspond).
    """

    kind: str
    source: Quantity | None
    target: Quantity | None
    aligned: bool = False
    paired_by: str = ""


def _aligned_pairs(view: LinkView, src: Sequence[Quantity], tgt: Sequence[Quantity]) -> set[tuple[int, int]]:
    """Pairs (source quantity, target quantity) that the word alignment links."""
    words = view.words
    if words is None or not src or not tgt:
        return set()

    def covering(spans: Sequence[tuple[int, int]], qs: Sequence[Quantity]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for w, (s, e) in enumerate(spans):
            for k, q in enumerate(qs):
                if s < q.end and q.start < e:
                    out.setdefault(w, []).append(k)
        return out

    src_of_word = covering(words.source_spans, src)
    tgt_of_word = covering(words.target_spans, tgt)
    pairs: set[tuple[int, int]] = set()
    for link in words.links:
        for i in src_of_word.get(link.source, ()):
            for j in tgt_of_word.get(link.target, ()):
                pairs.add((i, j))
    return pairs


def _same_amount_other_unit(a: Quantity, b: Quantity) -> bool:
    """Same number, different unit or currency of one dimension, not a conversion."""
    for x in a.readings:
        for y in b.readings:
            if x.kind != y.kind or x.kind not in ("unit", "money") or not x.unit or not y.unit or x.unit == y.unit:
                continue
            if not values_close(float(x.value), float(y.value)) or convertible(x, y):
                continue
            if x.kind == "money" or UNITS.get(x.unit, ("?",))[0] == UNITS.get(y.unit, ("!",))[0]:
                return True
    return False


def compare_quantities(
    src: Sequence[Quantity],
    tgt: Sequence[Quantity],
    aligned: set[tuple[int, int]] | None = None,
) -> list[Issue]:
    """Disagreements between the quantities of one source and one target text.

    ``aligned`` holds (source index, target index) pairs that the word alignment links. Dropped
    quantities are returned for every leftover source quantity, added ones for every leftover
    *strong* target quantity; the caller decides whether they are worth reporting (see
    :meth:`NumbersCheck.run`).
    """
    aligned = aligned or set()
    # Identifiers (F-15K) are matched as strings by the names check; they never pair with numbers.
    s_idx = [i for i, q in enumerate(src) if q.kind != "code"]
    t_idx = [j for j, q in enumerate(tgt) if q.kind != "code"]
    used_s: set[int] = set()
    used_t: set[int] = set()
    n_s, n_t = max(len(src), 1), max(len(tgt), 1)

    def position_gap(i: int, j: int) -> float:
        return abs(i / n_s - j / n_t)

    # 1. Equal quantities. Primary readings equal beats "some reading equal"; aligned beats not.
    candidates = []
    for i in s_idx:
        for j in t_idx:
            if equivalent(src[i], tgt[j]):
                primary = equivalent(
                    Quantity(0, 0, "", src[i].readings[:1], tags=src[i].tags),
                    Quantity(0, 0, "", tgt[j].readings[:1], tags=tgt[j].tags),
                )
                candidates.append((-(2 * primary + ((i, j) in aligned)), position_gap(i, j), i, j))
    for *_, i, j in sorted(candidates):
        if i not in used_s and j not in used_t:
            used_s.add(i)
            used_t.add(j)

    # 1b. A duration in one piece on one side and in hours and minutes on the other: "2h49" and
    #     "2 hours 49 minutes", "2 часа 15 минут" and "2h15".
    for one, parts, used_one, used_parts in ((src, tgt, used_s, used_t), (tgt, src, used_t, used_s)):
        for i, q in enumerate(one):
            if i in used_one:
                continue
            for j in range(len(parts) - 1):
                if j in used_parts or j + 1 in used_parts:
                    continue
                if _hours_and_minutes(q, parts[j], parts[j + 1]):
                    used_one.add(i)
                    used_parts.update((j, j + 1))
                    break

    issues: list[Issue] = []

    def pair_up(test, kind: str) -> None:  # type: ignore[no-untyped-def]
        cands = sorted(
            (-((i, j) in aligned), position_gap(i, j), i, j)
            for i in s_idx if i not in used_s
            for j in t_idx if j not in used_t and test(src[i], tgt[j])
        )
        for neg_al, _, i, j in cands:
            if i not in used_s and j not in used_t:
                used_s.add(i)
                used_t.add(j)
                issues.append(Issue(kind, src[i], tgt[j], aligned=bool(neg_al), paired_by="value"))

    # 2. Same amount, other unit or currency.
    pair_up(_same_amount_other_unit, "unit")

    # 3. Changes: leftovers of one class, paired by the word alignment, else by order when both
    #    sides have the same number of leftovers in that class. Two number words are never paired
    #    (too often a paraphrase: "δύο πλευρές" → "both sides").
    def eligible(a: Quantity, b: Quantity) -> bool:
        return same_class(a, b) and (a.strong or b.strong)

    for i, j in sorted(aligned):
        if i in used_s or j in used_t or src[i].kind == "code" or tgt[j].kind == "code":
            continue
        if eligible(src[i], tgt[j]):
            used_s.add(i)
            used_t.add(j)
            issues.append(Issue("changed", src[i], tgt[j], aligned=True, paired_by="alignment"))
    classes: dict[str, tuple[list[int], list[int]]] = {}
    for i in s_idx:
        if i not in used_s:
            classes.setdefault(_class_key(src[i]), ([], []))[0].append(i)
    for j in t_idx:
        if j not in used_t:
            classes.setdefault(_class_key(tgt[j]), ([], []))[1].append(j)
    for left, right in classes.values():
        if len(left) == len(right):
            for i, j in zip(left, right):
                if eligible(src[i], tgt[j]):
                    used_s.add(i)
                    used_t.add(j)
                    issues.append(Issue("changed", src[i], tgt[j], paired_by="order"))

    # 4. Leftovers (a dropped number word too: "elften" gone is a lost round; the caller decides).
    for i in s_idx:
        if i not in used_s:
            issues.append(Issue("dropped", src[i], None))
    for j in t_idx:
        if j not in used_t and tgt[j].strong:
            issues.append(Issue("added", None, tgt[j]))
    return issues


def _class_key(q: Quantity) -> str:
    if q.kind in NUMERIC_KINDS:
        return "numeric"
    if q.kind in ("date", "month"):
        return "date"
    return q.kind


def _describe(q: Quantity) -> str:
    """The quantity as written, with its normalized value when that reads differently."""
    norm = format_reading(q.readings[0]) + (" off" if "discount" in q.tags else "")
    text = " ".join(q.text.split())
    if norm.replace(",", "").replace(" ", "").lower() in text.replace(",", "").replace(" ", "").lower():
        return text
    return f"{text} ({norm})"


def _category(q: Quantity) -> str:
    return "date" if q.kind in ("time", "date", "month", "weekday", "relday") else "number"


@register
class NumbersCheck(Check):
    """Numbers, percentages, money, units, times and dates compared after locale-aware normalization.

    Options (``context.options``): ``numbers.report_dropped`` and ``numbers.report_added``
    (default True) turn the lower-confidence leftover findings on or off.
    """

    name = "numbers"
    description = ("numbers, percentages, money, units, times, dates and number words that changed, "
                   "lost their unit or appeared from nowhere")
    categories = ("number", "date")
    needs_words = True

    def run(self, context: CheckContext) -> list[Finding]:
        src_lang, tgt_lang = context.source_language, context.target_language
        # Every link, unpaired ones included: a leftover's partner may sit in a neighbouring
        # sentence that the aligner left unpaired (a sentence split differently on each side).
        views = list(context.links())
        extracted = [
            (extract_quantities(v.source_text, src_lang), extract_quantities(v.target_text, tgt_lang)) for v in views
        ]
        report_dropped = bool(context.options.get("numbers.report_dropped", True))
        report_added = bool(context.options.get("numbers.report_added", True))
        findings: list[Finding] = []
        for k, (view, (src, tgt)) in enumerate(zip(views, extracted)):
            if not (view.alignment.source and view.alignment.target):
                continue  # deleted and inserted sentences belong to the omission and addition checks
            aligned = _aligned_pairs(view, src, tgt)
            issues = compare_quantities(src, tgt, aligned)
            unmatched = ({id(i.source) for i in issues if i.source is not None}
                         | {id(i.target) for i in issues if i.target is not None})
            for issue in issues:
                if issue.kind in ("dropped", "added"):
                    # A leftover may sit in a neighbouring link when sentences were split or merged
                    # differently, or be repeated: look for it on the other side nearby first.
                    if not (report_dropped if issue.kind == "dropped" else report_added):
                        continue
                    q = issue.source if issue.kind == "dropped" else issue.target
                    if q is None or not _reportable_leftover(q, issue.kind):
                        continue
                    if not q.strong and _word_linked(view, q):
                        continue  # a number word rendered by a word (δύο πλευρές, "both sides")
                    if issue.kind == "dropped" and _one_in_words(q, view.target_text, tgt_lang):
                        continue  # 1往復, "one round trip"
                    side = 1 if issue.kind == "dropped" else 0
                    # A number word of this very link that already stands for another quantity
                    # ("trzy punkty", three points) excuses no added digit.
                    nearby = [x for n in range(max(0, k - 2), min(len(views), k + 3)) for x in extracted[n][side]
                              if n != k or x.strong or id(x) in unmatched]
                    if any(equivalent(q, x) or _inside_code(q, x) for x in nearby):
                        continue
                findings.append(self._finding(view, issue))
        return findings

    def _finding(self, view: LinkView, issue: Issue) -> Finding:
        s, t = issue.source, issue.target
        # A dropped (added) quantity points at the whole sentence on the other side, where it
        # should have been, so a report can still highlight both texts.
        src_span = view.source_span(s.start, s.end) if s else view.source_span()
        tgt_span = view.target_span(t.start, t.end) if t else view.target_span()
        q = s if s is not None else t
        category = _category(q) if q is not None else "number"
        evidence: dict[str, object] = {"kind": issue.kind}
        if s:
            evidence["source"] = {"text": s.text, "readings": [_reading_dict(r) for r in s.readings]}
        if t:
            evidence["target"] = {"text": t.text, "readings": [_reading_dict(r) for r in t.readings]}
        if issue.kind in ("changed", "unit"):
            evidence["paired_by"] = issue.paired_by
            evidence["word_aligned"] = issue.aligned
        if issue.kind == "changed" and s is not None and t is not None:
            confidence = 0.9 if issue.aligned else 0.75
            if not (s.strong and t.strong):
                confidence -= 0.2  # a number word may be a loose rendering ("a dozen" for 12)
            if len(s.readings) > 1 and len(t.readings) > 1:
                confidence -= 0.05  # both sides ambiguous: one of our readings may be wrong
            message = f"{_describe(s)} became {_describe(t)}"
            severity = "critical"
        elif issue.kind == "unit" and s is not None and t is not None:
            confidence = 0.85 if issue.aligned else 0.75
            what = "currency" if s.kind == "money" else "unit"
            message = f"{what} changed: {_describe(s)} became {_describe(t)}"
            severity = "critical"
            category = "number"
        elif issue.kind == "dropped" and s is not None:
            confidence = 0.4 if s.kind == "relday" else 0.35
            message = f"{_describe(s)} is missing from the translation"
            severity = "major"
        elif t is not None:
            confidence = 0.45
            message = f"{_describe(t)} is not in the source"
            severity = "major"
        else:  # an Issue always carries the quantities its kind needs
            raise ValueError(f"malformed issue {issue!r}")
        return self.finding(
            category=category,
            severity=severity,
            confidence=round(max(0.05, min(confidence, 0.99)), 2),
            source_span=src_span,
            target_span=tgt_span,
            message=message,
            evidence=evidence,
        )


def _reportable_leftover(q: Quantity, kind: str) -> bool:
    """Which leftovers are clearly a number that was dropped or added, not a paraphrase.

    Digits of numbers, money, units, percentages and times are; so is a lost "day before yesterday"
    (a relative day that no weekday can replace) and a lost month ("Im Januar" gone: the time the
    sentence speaks of is lost, and a one-word drop is below what the omission check can see).
    Weekdays alone (often dropped beside a full date), ordinals and "today" are left to the
    omission and addition checks.
    """
    if q.kind == "relday":
        return kind == "dropped" and abs(q.value) >= 2
    if q.kind == "month":
        return kind == "dropped"
    if q.kind in ("ordinal", "number") and not q.strong:
        return kind == "dropped" and isinstance(q.value, float) and q.value >= 2
    return q.strong and q.kind in ("number", "percent", "money", "unit", "time", "date")


# Words that render a count of one, which the quantity reader leaves out ("one" is mostly a
# pronoun, "a" an article).
_ONE_WORDS = {
    "en": r"one|a|an|single|once", "de": r"ein|eine|einen|einem|einer|eines|einmal", "fr": r"un|une",
    "es": r"un|una|uno", "it": r"un|una|uno", "pt": r"um|uma", "nl": r"een|één",
    "ru": r"один|одна|одно|одного|одну|одной|одном", "el": r"ένα|ένας|μία|μια|ενός",
}


def _hours_and_minutes(whole: Quantity, hours: Quantity, minutes: Quantity) -> bool:
    """Whether ``hours`` and the ``minutes`` right after it (at most a word between) state the
    duration ``whole`` reads as minutes ("2h49" = "2 hours 49 minutes").

    >>> from mtqa.checks.quantities import extract_quantities
    >>> whole = extract_quantities("em 2h49", "pt")[0]
    >>> h, m = extract_quantities("in 2 hours and 49 minutes", "en")
    >>> _hours_and_minutes(whole, h, m), _hours_and_minutes(whole, m, h)
    (True, False)
    """
    if not 0 <= minutes.start - hours.end <= 6:
        return False
    h = next((r.value for r in hours.readings if r.kind == "unit" and r.unit == "h"), None)
    m = next((r.value for r in minutes.readings if r.kind == "unit" and r.unit == "min"), None)
    if h is None or m is None or m >= 60:
        return False
    return any(r.kind == "unit" and r.unit == "min" and values_close(float(r.value), h * 60 + m) for r in whole.readings)


def _one_in_words(q: Quantity, target: str, lang: str) -> bool:
    """Whether a source 1 may be rendered by a word of the target: a plain 1 by a word for one
    ("1日1往復", "one round trip a day"), one of a unit by the unit with "a" or "one".

    >>> from mtqa.checks.quantities import extract_quantities
    >>> _one_in_words(extract_quantities("1往復", "ja")[0], "with one round trip", "en")
    True
    >>> _one_in_words(extract_quantities("1往復", "ja")[0], "with two round trips", "de")
    False

    One of a unit may be "a" or "an" of it in English: 約1時間, "about an hour".

    >>> _one_in_words(extract_quantities("約1時間", "ja")[0], "The talks lasted about an hour.", "en")
    True
    >>> _one_in_words(extract_quantities("約1時間", "ja")[0], "The talks lasted about a day.", "en")
    False
    """
    if q.kind not in ("number", "unit") or not isinstance(q.value, float) or not values_close(q.value, 1.0):
        return False
    lang = lang.split("-")[0].lower()
    if q.kind == "unit":
        noun = _UNIT_NOUNS.get(lang, {}).get(q.unit or "")
        return noun is not None and re.search(rf"(?<![\w])(?:an?|one)\s+{noun}(?![\w])", target, re.IGNORECASE) is not None
    words = _ONE_WORDS.get(lang)
    return bool(words and re.search(rf"(?<![\w])(?:{words})(?![\w])", target, re.IGNORECASE))


# The nouns of units, for one of a unit said with an article ("an hour").
_UNIT_NOUNS = {"en": {"h": "hour", "min": "minute", "s": "second", "day": "day", "week": "week", "month": "month",
                      "year": "year", "km": "kilomet(?:er|re)", "m": "met(?:er|re)", "kg": "kilo(?:gram(?:me)?)?",
                      "t": "ton(?:ne)?"}}


def _inside_code(q: Quantity, other: Quantity) -> bool:
    """Whether a plain number is part of a name with digits on the other side: टी20 is T20,
    だいち4号 the satellite Daichi-4, where one side's script keeps the digits apart."""
    if q.kind != "number" or other.kind != "code" or not q.text.isdigit():
        return False
    return re.search(rf"(?<!\d){q.text}(?!\d)", other.text) is not None


def _word_linked(view: LinkView, q: Quantity) -> bool:
    """Whether the word aligner links any word of source quantity ``q`` to a target word."""
    words = view.words
    if words is None:
        return True  # nothing to go by: a number word may be rendered any way
    inside = overlapping(words.source_spans, q.start, q.end)
    return any(ln.source in inside for ln in words.links)


def _reading_dict(r: Reading) -> dict[str, object]:
    value = list(r.value) if isinstance(r.value, tuple) else r.value
    out: dict[str, object] = {"kind": r.kind, "value": value}
    if r.unit:
        out["unit"] = r.unit
    return out
