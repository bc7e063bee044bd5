"""Corpus and segment MT scores through sacrebleu's own metrics, tokenizers and signatures.

>>> result = score_mt({"sys": ["The cat sat on the mat."]}, [["The cat sat on the mat."]], ["bleu", "chrf"])
>>> round(result["systems"]["sys"]["bleu"]["score"], 1)
100.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mtqa.data import Signature
from mtqa.errors import ConfigError, InputError

MT_METRICS = ("bleu", "chrf", "ter")


def _metric(name: str, target_language: str | None) -> Any:
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        # sacrebleu picks the right tokenizer for zh/ja/ko when told the target language.
        return BLEU(trg_lang=target_language or "")
    if name == "chrf":
        return CHRF()
    if name == "ter":
        return TER()
    raise ConfigError(f"unknown metric {name!r}; expected some of {', '.join(MT_METRICS)}")


def score_mt(
    hypotheses: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    *,
    target_language: str | None = None,
    segment_scores: bool = False,
) -> dict[str, Any]:
    """Score one or more systems against one or more reference streams.

    ``hypotheses`` maps a system name to its segments; ``references`` is a list of reference
    streams, each as long as every system. Returns scores with sacrebleu's signature per metric.
    """
    if not hypotheses:
        raise InputError("no hypothesis given")
    if not references:
        raise InputError("no reference given")
    lengths = {name: len(segs) for name, segs in hypotheses.items()}
    lengths.update({f"reference {i + 1}": len(ref) for i, ref in enumerate(references)})
    if len(set(lengths.values())) != 1:
        raise InputError(
            "hypotheses and references differ in number of segments: "
            + ", ".join(f"{name}={n}" for name, n in lengths.items())
        )
    out: dict[str, Any] = {
        "systems": {},
        "signatures": {},
        "signature": Signature({"task": "eval-mt", "metrics": ",".join(metrics), "nrefs": len(references)}).format(),
    }
    for name, segments in hypotheses.items():
        system: dict[str, Any] = {}
        for metric_name in metrics:
            metric = _metric(metric_name, target_language)
            score = metric.corpus_score(list(segments), [list(r) for r in references])
            system[metric_name] = {"score": float(score.score), "text": str(score)}
            out["signatures"][metric_name] = str(metric.get_signature())
            if segment_scores:
                system[metric_name]["segments"] = [
                    float(_sentence_metric(metric_name, target_language).sentence_score(h, [r[i] for r in references]).score)
                    for i, h in enumerate(segments)
                ]
        out["systems"][name] = system
    return out


def _sentence_metric(name: str, target_language: str | None) -> Any:
    if name == "bleu":
        from sacrebleu.metrics import BLEU

        # effective order: sentence BLEU without it is zero whenever a 4-gram is missing.
        return BLEU(trg_lang=target_language or "", effective_order=True)
    return _metric(name, target_language)
