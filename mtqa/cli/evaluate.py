"""``mtqa eval``: evaluation scripts: MT scores, alignment metrics and detection metrics.

Inputs of ``eval mt`` are ``PATH`` or ``PATH:FIELD``: a plain text file (one segment per line; the
default for any extension not listed here), JSONL (``.jsonl``; FIELD names the text field, dotted for
nested objects, default ``hyp``/``ref``/``src`` by role; a ``doc_id`` field marks documents), a pair
file (``.tmx``, ``.xlf``/``.xliff``, ``.tsv``/``.csv``; FIELD is ``src`` or ``tgt``, default ``src``
for ``--src`` and ``tgt`` otherwise) or a local Hugging Face dataset (a ``save_to_disk`` folder,
``.parquet``, ``.arrow``; FIELD is ``src``/``tgt`` or a column name).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtqa.cli.common import add_encoding_arg, add_model_args, write_json, write_table
from mtqa.data import SEVERITIES
from mtqa.errors import InputError, UsageError
from mtqa.io.common import display_name, open_output, read_text
from mtqa.metrics.mt import MT_METRICS, PAIRED_TESTS, SACREBLEU_METRICS, score_mt

_PAIR_FORMATS = {".tmx": "tmx", ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".tsv": "tsv", ".csv": "tsv"}
_DATASET_SUFFIXES = (".parquet", ".arrow")
_ROLE_FIELDS = {"hyp": "hyp", "ref": "ref", "src": "src"}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="evaluation scripts: MT metrics, alignment and detection metrics",
                                   description="Evaluation scripts.")
    sub = parser.add_subparsers(dest="eval_command", metavar="<what>", required=True)
    mt = sub.add_parser(
        "mt", help="BLEU/chrF/TER through sacrebleu and neural adequacy, for one or more systems",
        description="Score hypotheses against references: corpus, segment and per-document scores through "
        "sacrebleu, mtqa's adequacy (a calibrated probability that each segment translates its source) when "
        "--src is given, and sacrebleu's paired significance tests against the first system. Inputs are PATH "
        "or PATH:FIELD: plain text (one segment per line), JSONL (FIELD: the text field; a doc_id field marks "
        "documents), TMX/XLIFF/TSV (FIELD: src or tgt) or a local Hugging Face dataset (FIELD: src, tgt or a "
        "column). Hypotheses segmented differently from the reference need --align.",
    )
    mt.add_argument("--hyp", nargs="+", required=True, metavar="SPEC", help="hypotheses, one system each")
    mt.add_argument("--ref", nargs="+", required=True, metavar="SPEC", help="reference streams")
    mt.add_argument("--src", metavar="SPEC", help="sources, parallel to the reference (enables adequacy)")
    mt.add_argument("--metrics", default=None,
                    help=f"comma-separated, from {','.join(MT_METRICS)} (default: bleu,chrf,ter, plus adequacy "
                    "with --src)")
    mt.add_argument("--docs", metavar="FILE", help="a document id per reference line: adds per-document scores")
    mt.add_argument("--align", action="store_true",
                    help="align each hypothesis to the reference with the sentence aligner first (for hypotheses "
                    "that merge or split sentences); links become the scored units")
    mt.add_argument("--significance", choices=PAIRED_TESTS, default=None,
                    help="paired test against the first --hyp: bs (bootstrap) or ar (approximate randomization)")
    mt.add_argument("--samples", type=int, default=0, help="bootstrap samples / AR trials (default: sacrebleu's 1000 / 10000)")
    mt.add_argument("--segments", action="store_true", help="include segment-level scores (json)")
    mt.add_argument("--src-lang", default=None, help="source language (TMX and dataset inputs need it)")
    mt.add_argument("--tgt-lang", default=None, help="target language (selects BLEU's tokenizer for zh/ja/ko)")
    mt.add_argument("--split", default=None, help="dataset split, for datasets with several")
    _add_output_args(mt, ("text", "json", "tsv", "latex"))
    mt.add_argument("--plot", metavar="FILE", help="also draw segment score distributions and a system comparison "
                    "(png/pdf/svg; needs pip install 'mtqa[plot]')")
    add_encoding_arg(mt)
    add_model_args(mt)
    mt.set_defaults(handler=command_mt)
    align = sub.add_parser(
        "align", help="alignment metrics: sentence (vecalign format) or word (Pharaoh) alignments against gold",
        description="Sentence alignment: strict and lax precision/recall/F1 over many-to-many links, from "
        "vecalign-format files ('[0, 1]:[2]:0.1' per line; several documents: give one --gold/--pred file each). "
        "Word alignment: precision, recall, F1 and AER (Och & Ney) from Pharaoh files, one sentence per line "
        "('i-j' sure, 'i?j' or 'ipj' possible).",
    )
    align.add_argument("--gold", nargs="+", required=True, metavar="FILE")
    align.add_argument("--pred", nargs="+", required=True, metavar="FILE")
    align.add_argument("--level", choices=("sentence", "word"), default="sentence")
    align.add_argument("--include-empty", action="store_true",
                       help="sentence level: count deletions and insertions too (strictly)")
    align.add_argument("-o", "--output", default="-", metavar="FILE")
    align.add_argument("--encoding", default="utf-8")
    align.set_defaults(handler=command_align)
    detect = sub.add_parser(
        "detect", help="detection metrics: findings P/R/F1, segment MCC, character-level span P/R/F1",
        description="Score predicted findings against gold errors, both JSONL with an 'id' per line. Gold: "
        "{\"id\", \"errors\": [{\"category\", \"target_span\": [s, e], \"source_span\"?, \"severity\"?}]} (an "
        "empty list is a correct segment). Predictions: the same shape, or the output of 'mtqa check --pairs'. "
        "A finding matches a gold error of the same segment when the categories agree and the spans overlap.",
    )
    detect.add_argument("--gold", required=True, metavar="FILE")
    detect.add_argument("--pred", required=True, metavar="FILE")
    detect.add_argument("--min-severity", choices=SEVERITIES, default=None, help="drop predictions below this")
    detect.add_argument("--categories", default=None, help="comma-separated categories to score (default: all)")
    _add_output_args(detect, ("text", "json", "tsv"))
    add_encoding_arg(detect)
    detect.set_defaults(handler=command_detect)


def _add_output_args(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument("-o", "--output", default="-", metavar="FILE", help="where to write results ('-' = stdout)")
    parser.add_argument("--format", choices=formats, default=None,
                        help="output format (default: text on a terminal, json otherwise)")


def _output_format(args: argparse.Namespace) -> str:
    """Text for people at a terminal, JSON for pipes and files, unless --format says otherwise."""
    if args.format:
        return str(args.format)
    return "text" if args.output == "-" and sys.stdout.isatty() else "json"


def _lines(path: str, encoding: str) -> list[str]:
    text = read_text(path, encoding=encoding)
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


@dataclass(frozen=True)
class _Input:
    """One input stream of ``eval mt``: its segments and, when the input marks them, their documents."""

    name: str
    lines: list[str]
    documents: list[str] | None = None


def _split_spec(spec: str) -> tuple[str, str | None]:
    """``PATH`` or ``PATH:FIELD``; an existing path wins, so a path may itself contain a colon."""
    if spec == "-" or Path(spec).exists():
        return spec, None
    path, sep, field = spec.rpartition(":")
    if sep and field and (path == "-" or Path(path).exists()):
        return path, field
    return spec, None


def _field_value(record: Mapping[str, Any], field: str) -> Any:
    """A field of a record; a dotted name reaches into nested objects (``translation.en``)."""
    if field in record:
        return record[field]
    value: Any = record
    for key in field.split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _documents(values: Sequence[Any], path: str) -> list[str] | None:
    if all(v is None for v in values):
        return None
    if any(v is None for v in values):
        raise InputError("some records have a doc_id and some do not", path=display_name(path))
    return [str(v) for v in values]


def _read_input(spec: str, role: str, args: argparse.Namespace) -> _Input:
    path, field = _split_spec(spec)
    name = "stdin" if path == "-" else Path(path).name + (f":{field}" if field else "")
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        from mtqa.io.jsonl import read_jsonl

        key = field or _ROLE_FIELDS[role]
        texts, docs = [], []
        for line, record in read_jsonl(path, encoding=args.encoding):
            value = _field_value(record, key)
            if not isinstance(value, str):
                raise InputError(f"no text field {key!r} (the fields are: {', '.join(record)})",
                                 path=display_name(path), line=line, hint="name the field as FILE:FIELD")
            texts.append(value)
            docs.append(record.get("doc_id"))
        return _Input(name, texts, _documents(docs, path))
    fmt = _PAIR_FORMATS.get(suffix) or ("hf" if suffix in _DATASET_SUFFIXES or Path(path).is_dir() else None)
    if fmt is None:
        if field:
            raise UsageError(f"{spec}: a plain text file has no fields (FILE:FIELD is for JSONL, TMX, XLIFF, TSV and "
                             "datasets)")
        return _Input(name, _lines(path, args.encoding))
    return _read_pair_input(path, field or ("src" if role == "src" else "tgt"), fmt, name, args)


def _read_pair_input(path: str, field: str, fmt: str, name: str, args: argparse.Namespace) -> _Input:
    """One side (or, for a dataset, one column) of a TMX, XLIFF, TSV file or dataset."""
    from mtqa.io import read_pairs

    if fmt in ("tmx", "hf") and not (args.src_lang and args.tgt_lang):
        raise UsageError(f"reading {display_name(path)} needs --src-lang and --tgt-lang")
    options: dict[str, Any] = {}
    if fmt == "hf":
        options["split"] = args.split
        if field not in ("src", "tgt"):
            options.update(source_field=field, target_field=field)
            field = "src"
    elif field not in ("src", "tgt"):
        raise UsageError(f"{display_name(path)}: the field of a {fmt} file is src or tgt, not {field!r}")
    pairs = read_pairs(path, args.src_lang, args.tgt_lang, fmt=fmt, encoding=args.encoding, **options)
    texts = [p.source if field == "src" else p.target for p in pairs]
    return _Input(name, texts, _documents([p.metadata.get("doc_id") for p in pairs], path))


def _named(inputs: Sequence[_Input], specs: Sequence[str]) -> dict[str, list[str]]:
    """System name -> segments; the file names, or the full specs where two file names are the same."""
    names = [i.name for i in inputs]
    if len(set(names)) < len(names):
        names = list(specs)
    if len(set(names)) < len(names):
        raise UsageError("the same hypothesis is given twice")
    return {name: i.lines for name, i in zip(names, inputs)}


def command_mt(args: argparse.Namespace) -> int:
    from mtqa.metrics.plots import plot_mt, require_matplotlib

    if args.plot:
        require_matplotlib()  # fail before the scoring, not after it
    hyps = [_read_input(spec, "hyp", args) for spec in args.hyp]
    refs = [_read_input(spec, "ref", args) for spec in args.ref]
    src = _read_input(args.src, "src", args) if args.src else None
    default = [*SACREBLEU_METRICS, "adequacy"] if src else list(SACREBLEU_METRICS)
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()] if args.metrics else default
    if "adequacy" in metrics and src is None:
        raise UsageError("the adequacy score needs the sources: pass --src")
    documents = ([d.strip() for d in _lines(args.docs, args.encoding)] if args.docs
                 else refs[0].documents or (src.documents if src else None))
    encoder: Any = args.model
    if args.align or "adequacy" in metrics:
        from mtqa.encoders import get_encoder

        encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    result = score_mt(
        _named(hyps, args.hyp), [r.lines for r in refs], metrics,
        sources=src.lines if src else None, documents=documents, align=args.align, encoder=encoder,
        significance=args.significance, samples=args.samples, target_language=args.tgt_lang,
        segment_scores=args.segments or bool(args.plot), batch_size=args.batch_size,
    )
    if args.plot:
        plot_mt(result, args.plot)
        if not args.segments:
            for system in result["systems"].values():
                for metric in metrics:
                    system[metric].pop("segments", None)
    fmt = _output_format(args)
    if fmt == "json":
        write_json(result, args.output)
    elif fmt == "tsv":
        header, rows = _mt_rows(result, metrics, with_tests=True)
        write_table(rows, header, args.output)
    else:
        text = _latex(result, metrics) if fmt == "latex" else _mt_text(result, metrics)
        with open_output(args.output) as handle:
            handle.write(text)
    return 0


def _number(metric: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if metric == "adequacy" else f"{value:.2f}"


def _test(result: Mapping[str, Any], system: str, metric: str) -> dict[str, Any] | None:
    return result.get("significance", {}).get("systems", {}).get(system, {}).get(metric)


def _mt_rows(result: Mapping[str, Any], metrics: Sequence[str], *, with_tests: bool) -> tuple[list[str], list[list[str]]]:
    """A table of system rows, then (system, document) rows when documents are known; with tests (TSV),
    each tested metric gains ``_ci`` and ``_p`` columns."""
    tested = [m for m in metrics if with_tests and "significance" in result and m in SACREBLEU_METRICS]
    header = ["system", "document", *metrics, *(f"{m}_{k}" for m in tested for k in ("ci", "p"))]
    rows = []
    for name, system in result["systems"].items():
        tests = [_test(result, name, m) or {} for m in tested]
        rows.append([name, "", *(_number(m, system[m]["score"]) for m in metrics),
                     *("" if t.get(k) is None else f"{t[k]:{spec}}" for t in tests
                       for k, spec in (("ci", ".2f"), ("p_value", ".4f")))])
    for name, system in result["systems"].items():
        for doc, scores in system.get("documents", {}).items():
            rows.append([name, doc, *(_number(m, scores[m]) for m in metrics), *([""] * 2 * len(tested))])
    return header, rows


def _cell(result: Mapping[str, Any], system: str, metric: str, score: float | None) -> str:
    """A score, with sacrebleu's ± interval and p-value (starred below 0.05) when a test ran."""
    text = _number(metric, score)
    test = _test(result, system, metric)
    if test and test.get("ci") is not None:
        text += f" ±{test['ci']:.2f}"
    if test and test.get("p_value") is not None:
        text += f" p={test['p_value']:.4f}" + ("*" if test["p_value"] < 0.05 else "")
    return text


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header, *rows]]


def _mt_text(result: Mapping[str, Any], metrics: Sequence[str]) -> str:
    rows = [[name, *(_cell(result, name, m, system[m]["score"]) for m in metrics)]
            for name, system in result["systems"].items()]
    lines = _text_table(["system", *metrics], rows)
    header, doc_rows = _mt_rows(result, metrics, with_tests=False)
    doc_rows = [r for r in doc_rows if r[1]]
    if doc_rows:
        lines += ["", *_text_table(header, doc_rows)]
    test = result.get("significance")
    if test:
        lines += ["", f"paired {test['test']} test ({test['samples']} samples) against {test['baseline']}: "
                  "* p < 0.05; ± half the 95% confidence interval"]
    lines += ["", *(f"{m}: {sig}" for m, sig in _signatures(result).items()), f"signature: {result['signature']}"]
    return "\n".join(lines) + "\n"


def _signatures(result: Mapping[str, Any]) -> dict[str, str]:
    """Each metric's signature; a tested metric's is the test's (it adds the seed and the samples)."""
    return {**result["signatures"], **result.get("significance", {}).get("signatures", {})}


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def _latex(result: Mapping[str, Any], metrics: Sequence[str]) -> str:
    """A ``tabular`` (no package needed) of system scores; ``$^{*}$`` marks p < 0.05 against the baseline."""
    names = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER", "adequacy": "Adequacy"}
    lines = [r"\begin{tabular}{l" + "r" * len(metrics) + "}", r"\hline",
             " & ".join(["System", *(names.get(m, m) for m in metrics)]) + r" \\", r"\hline"]
    for name, system in result["systems"].items():
        cells = []
        for m in metrics:
            test = _test(result, name, m)
            star = r"$^{*}$" if test and test.get("p_value") is not None and test["p_value"] < 0.05 else ""
            cells.append(_number(m, system[m]["score"]) + star)
        lines.append(" & ".join([_latex_escape(name), *cells]) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    test = result.get("significance")
    if test:
        lines.append(f"% $^{{*}}$: p < 0.05, paired {test['test']} test ({test['samples']} samples) against "
                     f"{test['baseline']}")
    lines += [*(f"% {m}: {sig}" for m, sig in _signatures(result).items()), f"% signature: {result['signature']}"]
    return "\n".join(lines) + "\n"


def command_detect(args: argparse.Namespace) -> int:
    """Detection metrics of --pred against --gold."""
    from mtqa.io.jsonl import read_jsonl
    from mtqa.metrics.detection import detection_scores, parse_records

    gold = parse_records(read_jsonl(args.gold, encoding=args.encoding), path=display_name(args.gold))
    pred = parse_records(read_jsonl(args.pred, encoding=args.encoding), path=display_name(args.pred))
    categories = [c.strip() for c in args.categories.split(",") if c.strip()] if args.categories else None
    scores = detection_scores(gold, pred, categories=categories, min_severity=args.min_severity)
    fmt = _output_format(args)
    if fmt == "json":
        write_json(scores, args.output)
        return 0
    header = ["category", "gold", "pred", "precision", "recall", "f1", "char_precision", "char_recall", "char_f1"]
    rows = []
    for category, f in [*scores["findings"]["categories"].items(), ("all", scores["findings"]["overall"])]:
        s = scores["spans"]["overall"] if category == "all" else scores["spans"]["categories"][category]
        rows.append([category, str(f["gold"]), str(f["pred"]),
                     *(f"{x[k]:.3f}" for x in (f, s) for k in ("precision", "recall", "f1"))])
    if fmt == "tsv":
        write_table(rows, header, args.output)
        return 0
    seg = scores["segments"]
    lines = [*_text_table(header, rows), "",
             f"segments: tp={seg['tp']} fp={seg['fp']} fn={seg['fn']} tn={seg['tn']}  precision={seg['precision']:.3f} "
             f"recall={seg['recall']:.3f} f1={seg['f1']:.3f} accuracy={seg['accuracy']:.3f} mcc={seg['mcc']:.3f}",
             f"signature: {scores['signature']}"]
    with open_output(args.output) as handle:
        handle.write("\n".join(lines) + "\n")
    return 0


def command_align(args: argparse.Namespace) -> int:
    """Score predicted alignments against gold ones; prints JSON with the metrics and a signature."""
    from mtqa.data import Signature

    if len(args.gold) != len(args.pred):
        raise UsageError(f"{len(args.gold)} gold files but {len(args.pred)} prediction files")
    if args.level == "word":
        from mtqa.metrics.alignment import parse_pharaoh, word_alignment_scores

        sure, possible, predicted = [], [], []
        for gold_path, pred_path in zip(args.gold, args.pred):
            gold_lines, pred_lines = _lines(gold_path, args.encoding), _lines(pred_path, args.encoding)
            if len(gold_lines) != len(pred_lines):
                raise InputError(f"{len(gold_lines)} gold lines but {len(pred_lines)} predicted lines in {pred_path}",
                                 path=pred_path)
            for g, p in zip(gold_lines, pred_lines):
                s, pos = parse_pharaoh(g)
                sure.append(s)
                possible.append(pos)
                predicted.append(parse_pharaoh(p)[1])
        scores = word_alignment_scores(sure, possible, predicted)
    else:
        from mtqa.metrics.sentence_alignment import parse_vecalign, sentence_alignment_scores

        per_document = []
        for gold_path, pred_path in zip(args.gold, args.pred):
            gold = parse_vecalign(_lines(gold_path, args.encoding), path=gold_path)
            pred = parse_vecalign(_lines(pred_path, args.encoding), path=pred_path)
            doc = sentence_alignment_scores(gold, pred, include_empty=args.include_empty)
            per_document.append({"gold": gold_path, "pred": pred_path, **doc})
        scores = {"documents": per_document,
                  "strict": _mean(per_document, "strict"), "lax": _mean(per_document, "lax")}
    scores["signature"] = Signature({"task": f"eval-align-{args.level}", "documents": len(args.gold),
                                     "empty": "yes" if args.include_empty else "no"}).format()
    write_json(scores, args.output)
    return 0


def _mean(documents: list[dict], kind: str) -> dict[str, float]:
    """Macro average over documents: each document weighs the same."""
    return {k: sum(d[kind][k] for d in documents) / len(documents) for k in ("precision", "recall", "f1")}
