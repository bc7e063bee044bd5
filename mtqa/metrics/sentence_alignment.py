"""Sentence-alignment metrics: strict and lax precision, recall and F1 over many-to-many links.

Links are ``(source indices, target indices)`` pairs. *Strict*: a link counts when the same link is
in the other set. *Lax* (as in vecalign's scorer): a predicted link counts when it shares at least
one source and one target sentence with a gold link (and recall likewise). By default links with an
empty side (deletions, insertions) are left out, as vecalign's scorer does; ``include_empty=True``
counts them too (strictly), which is the harder measure.

>>> gold = [((0,), (0,)), ((1, 2), (1,))]
>>> pred = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
>>> scores = sentence_alignment_scores(gold, pred)
>>> scores["strict"]["f1"], scores["lax"]["f1"]
(0.5, 1.0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from mtqa.errors import InputError

Link = tuple[tuple[int, ...], tuple[int, ...]]


def prf(correct_pred: int, n_pred: int, correct_gold: int, n_gold: int) -> dict[str, float]:
    """Precision (correct predictions / predictions), recall (found gold / gold) and F1; 0 when a
    denominator is 0. The two counts may differ: one prediction can find several gold items.

    >>> prf(1, 2, 1, 1)
    {'precision': 0.5, 'recall': 1.0, 'f1': 0.6666666666666666}
    """
    precision = correct_pred / n_pred if n_pred else 0.0
    recall = correct_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _normalize(links: Iterable[Link], include_empty: bool) -> set[Link]:
    out = set()
    for src, tgt in links:
        link = (tuple(sorted(src)), tuple(sorted(tgt)))
        if include_empty or (link[0] and link[1]):
            out.add(link)
    return out


def sentence_alignment_scores(
    gold: Sequence[Link], predicted: Sequence[Link], *, include_empty: bool = False
) -> dict[str, dict[str, float]]:
    """Strict and lax P/R/F1 of ``predicted`` against ``gold`` for one document pair."""
    g, p = _normalize(gold, include_empty), _normalize(predicted, include_empty)
    strict = prf(len(g & p), len(p), len(g & p), len(g))

    def touches(link: Link, others: set[Link]) -> bool:
        s, t = set(link[0]), set(link[1])
        return any((s & set(o[0]) or (not s and not o[0])) and (t & set(o[1]) or (not t and not o[1]))
                   for o in others)

    lax = prf(sum(touches(x, g) for x in p), len(p), sum(touches(x, p) for x in g), len(g))
    return {"strict": strict, "lax": lax}


_VECALIGN_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*([-+\d.eE]+))?\s*$")


def parse_vecalign(lines: Iterable[str], *, path: str = "<string>") -> list[Link]:
    """Links from vecalign-format lines ``[0, 1]:[2]:0.12``; blank lines are skipped."""
    links = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _VECALIGN_LINE.match(line)
        if not match:
            raise InputError(f"not a vecalign alignment line: {line.strip()[:60]!r}", path=path, line=number)
        src, tgt = (tuple(int(x) for x in part.split(",") if x.strip()) for part in match.group(1, 2))
        if not src and not tgt:
            raise InputError("an alignment line needs at least one index", path=path, line=number)
        links.append((src, tgt))
    return links
