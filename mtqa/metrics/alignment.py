"""Word-alignment metrics: precision, recall, F1 and AER with sure and possible gold links.

Och & Ney (2003): with predicted links ``A``, sure gold links ``S`` and possible gold links
``P`` (``S ⊆ P``; sure links are added to ``P`` here if a file lists them only once),

- precision ``|A ∩ P| / |A|``, recall ``|A ∩ S| / |S|``, F1 their harmonic mean (as SimAlign and
  awesome-align report it),
- AER ``1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|)``.

Counts are summed over the corpus before dividing (micro average), as the standard scripts do.

Gold links in text use the Pharaoh convention, 0-based ``src-tgt``: ``i-j`` is sure; ``i?j`` or
``ipj`` is possible (the ``?`` and ``p`` forms used by the awesome-align / SimAlign test files);
``i-j-S`` / ``i-j-P`` (a third field, as in converted Och & Ney ``S``/``P`` gold files) are accepted
too.

>>> sure, possible = parse_pharaoh("0-0 1?2 2-1")
>>> sorted(sure), sorted(possible)
([(0, 0), (2, 1)], [(0, 0), (1, 2), (2, 1)])
>>> s = word_alignment_scores([sure], [possible], [{(0, 0), (1, 2), (2, 2)}])
>>> {k: round(v, 3) for k, v in s.items() if k in ("precision", "recall", "aer")}
{'precision': 0.667, 'recall': 0.5, 'aer': 0.4}
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import regex

from mtqa.errors import InputError

__all__ = ["format_pharaoh", "parse_pharaoh", "word_alignment_scores"]

Link = tuple[int, int]
_LINK = regex.compile(r"(\d+)([-?p])(\d+)(?:-([SsPp]))?")


def parse_pharaoh(line: str) -> tuple[set[Link], set[Link]]:
    """Read one line of gold links; returns ``(sure, possible)`` with ``sure ⊆ possible``.

    >>> sure, possible = parse_pharaoh("0-0 1p1 2-3-P 4-4-S")
    >>> sorted(sure), sorted(possible)
    ([(0, 0), (4, 4)], [(0, 0), (1, 1), (2, 3), (4, 4)])
    >>> parse_pharaoh("")
    (set(), set())
    >>> parse_pharaoh("0-x")
    Traceback (most recent call last):
    ...
    mtqa.errors.InputError: bad alignment link '0-x': expected i-j (sure) or i?j / ipj (possible)
    """
    sure: set[Link] = set()
    possible: set[Link] = set()
    for item in line.split():
        m = _LINK.fullmatch(item)
        if m is None:
            raise InputError(
                f"bad alignment link {item!r}: expected i-j (sure) or i?j / ipj (possible)"
            )
        link = (int(m.group(1)), int(m.group(3)))
        is_sure = m.group(2) == "-" and (m.group(4) or "S").upper() == "S"
        possible.add(link)
        if is_sure:
            sure.add(link)
    return sure, possible


def format_pharaoh(sure: Iterable[Link], possible: Iterable[Link] = ()) -> str:
    """Write links back: sure as ``i-j``, possible-only as ``i?j``, sorted.

    >>> format_pharaoh({(1, 0), (0, 0)}, {(2, 2), (0, 0)})
    '0-0 1-0 2?2'
    """
    sure_set = set(sure)
    items = [(i, j, "-") for i, j in sure_set]
    items += [(i, j, "?") for i, j in set(possible) - sure_set]
    return " ".join(f"{i}{sep}{j}" for i, j, sep in sorted(items))


def word_alignment_scores(
    gold_sure: Sequence[set[Link]],
    gold_possible: Sequence[set[Link]] | None,
    predicted: Sequence[set[Link]],
) -> dict[str, float]:
    """Corpus precision, recall, F1 and AER, plus the link counts behind them.

    ``gold_possible`` may be ``None`` (no possible links: ``P = S``). Empty cases are vacuous:
    no predicted links give precision 1, no sure links recall 1, and nothing on either side
    scores perfectly (AER 0).

    >>> word_alignment_scores([{(0, 0), (1, 1)}], None, [{(0, 0), (1, 1)}])["aer"]
    0.0
    >>> word_alignment_scores([{(0, 0)}], None, [set()])["recall"]
    0.0
    """
    n = len(predicted)
    if len(gold_sure) != n or (gold_possible is not None and len(gold_possible) != n):
        raise InputError(
            f"gold and predicted alignments differ in length: sure {len(gold_sure)}, "
            f"possible {len(gold_possible) if gold_possible is not None else '-'}, predicted {n}"
        )
    a_total = s_total = p_total = a_s = a_p = 0
    for k in range(n):
        a = {(int(i), int(j)) for i, j in predicted[k]}
        s = {(int(i), int(j)) for i, j in gold_sure[k]}
        p = s | ({(int(i), int(j)) for i, j in gold_possible[k]} if gold_possible is not None else set())
        a_total += len(a)
        s_total += len(s)
        p_total += len(p)
        a_s += len(a & s)
        a_p += len(a & p)
    precision = a_p / a_total if a_total else 1.0
    recall = a_s / s_total if s_total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    aer = 1.0 - (a_s + a_p) / (a_total + s_total) if a_total + s_total else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "aer": aer,
        "predicted": float(a_total),
        "sure": float(s_total),
        "possible": float(p_total),
        "sentences": float(n),
    }


def load_gold_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Word-alignment gold in JSONL: one pair per line with ``sure`` (and optional ``possible``)
    Pharaoh strings; adds ``S`` (sure links) and ``P`` (possible links, sure ones included)."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["S"] = parse_pharaoh(row["sure"])[0]
            row["P"] = row["S"] | parse_pharaoh(row.get("possible", ""))[1]
            rows.append(row)
    return rows
