"""XLIFF 1.2 and 2.0/2.1 bilingual files: read them into :class:`SegmentPair` objects, write them back.

The version is detected from the namespace (``urn:oasis:names:tc:xliff:document:1.2`` or ``:2.0``,
which 2.1 also uses) or, for namespace-less files, the ``version`` attribute.

Inline codes: elements that *wrap* text (``<g>``, ``<pc>``, ``<mrk>``) keep their text; placeholders
and native codes (``<x/>``, ``<bx/>``, ``<ex/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``,
``<sc/>``, ``<ec/>``, ``<sm/>``, ``<em/>``) are dropped, so checks see only translatable words.
XLIFF 2 ``<cp hex="..."/>`` becomes its character.

Metadata keys: ``state`` (1.2 ``<target state>``, 2.x ``<segment state>``), ``approved`` (1.2
``<trans-unit approved>``, as written: ``"yes"``/``"no"``), ``note`` (unit notes joined by
newlines), ``original`` (the ``<file original>``), and for 2.x any Metadata-module
``<mda:meta type="key">`` values of the unit.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.xlf")
>>> write_xliff([SegmentPair("Guten Tag", "Καλημέρα", "de", "el", id="u1")], path)
>>> read_xliff(path)[0].target
'Καλημέρα'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from lxml import etree

from mtqa.data import SegmentPair
from mtqa.errors import InputError
from mtqa.io.common import PathLike, display_name, write_bytes_atomic
from mtqa.io.xml import (
    child,
    children,
    localname,
    read_xml,
    serialize,
    set_text,
    text_content,
    xml_char_ok,
)
from mtqa.lang import base_language, check_language_pair, normalize_language

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"  # XLIFF 2.1 keeps the 2.0 core namespace
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"

# Placeholders and native codes of both versions; their content (if any) is not translatable text.
_DROP = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em"})
# State vocabularies, used to decide which states a version can carry.
_STATES_12 = frozenset(
    {
        "new",
        "needs-translation",
        "needs-l10n",
        "needs-adaptation",
        "translated",
        "needs-review-translation",
        "needs-review-l10n",
        "needs-review-adaptation",
        "final",
        "signed-off",
    }
)
_STATES_2 = frozenset({"initial", "translated", "reviewed", "final"})
# Keys written as XLIFF structure rather than as generic metadata.
_STRUCTURAL_KEYS = frozenset({"state", "approved", "note", "original"})


def read_xliff(
    path: PathLike,
    source_language: str | None = None,
    target_language: str | None = None,
    *,
    allow_missing_target: bool = False,
) -> list[SegmentPair]:
    """Read the translation units of an XLIFF 1.2 or 2.x file (``-`` for stdin).

    Languages default to those the file declares; given ones must have the same base language
    (``el`` accepts ``el-GR``) and are what the pairs carry. A unit without ``<target>`` raises
    :class:`InputError`, or with ``allow_missing_target=True`` becomes a pair with target ``""`` and
    ``metadata["state"]`` set (the declared state, else ``"new"`` in 1.2 / ``"initial"`` in 2.x).

    Ids are the unit ids; ``unit#segment`` for 2.x units with several segments; prefixed with the
    file's ``original`` (2.x: else its ``id``) and ``#`` when the document has several ``<file>``s.
    1.2 ``<seg-source>`` segmentation and ``<alt-trans>`` proposals are not read.
    """
    name = display_name(path)
    root = read_xml(path, expected=("xliff",), kind="XLIFF")
    namespace = etree.QName(root).namespace or ""
    version = root.get("version", "")
    if namespace == NS_12 or (not namespace and version.startswith("1.")):
        read_file = _read_file_12
    elif namespace == NS_20 or (not namespace and version.startswith("2.")):
        read_file = _read_file_2
    else:
        raise InputError(
            f"unsupported XLIFF version {version or '?'} (namespace {namespace or 'none'})",
            path=name,
            line=root.sourceline,
            hint="mtqa reads XLIFF 1.2 and 2.0/2.1",
        )
    files = children(root, "file")
    if not files:
        raise InputError("XLIFF file has no <file> element", path=name, line=root.sourceline)
    pairs: list[SegmentPair] = []
    for file in files:
        prefix = ""
        if len(files) > 1:
            prefix = (file.get("original") or file.get("id") or str(files.index(file) + 1)) + "#"
        # 2.x declares languages on <xliff>, 1.2 on each <file>.
        declared = file if read_file is _read_file_12 else root
        src_attr, tgt_attr = (
            ("source-language", "target-language") if read_file is _read_file_12 else ("srcLang", "trgLang")
        )
        src = _resolve_language(declared.get(src_attr), source_language, "source", declared, name)
        tgt = _resolve_language(declared.get(tgt_attr), target_language, "target", declared, name)
        try:
            check_language_pair(src, tgt)
        except InputError as exc:
            raise InputError(exc.message, path=name, line=declared.sourceline, hint=exc.hint) from None
        context = _Context(name, src, tgt, prefix, file.get("original"), allow_missing_target)
        pairs.extend(read_file(file, context))
    return pairs


class _Context:
    def __init__(
        self, path: str, src: str, tgt: str, prefix: str, original: str | None, allow_missing: bool
    ) -> None:
        self.path, self.src, self.tgt, self.prefix = path, src, tgt, prefix
        self.original, self.allow_missing = original, allow_missing

    def pair(self, unit_id: str, source: str, target: str, metadata: dict[str, Any]) -> SegmentPair:
        if self.original:  # write_xliff writes original="" (required in 1.2) when there was none
            metadata["original"] = self.original
        return SegmentPair(source, target, self.src, self.tgt, id=self.prefix + unit_id, metadata=metadata)

    def missing_target(self, unit_id: str, element: etree._Element) -> InputError:
        return InputError(
            f"unit {unit_id!r} has no <target>",
            path=self.path,
            line=element.sourceline,
            hint="pass allow_missing_target=True to read untranslated units with an empty target",
        )


def _resolve_language(
    declared: str | None, given: str | None, side: str, element: etree._Element, path: str
) -> str:
    attr = "srcLang / source-language" if side == "source" else "trgLang / target-language"
    if given is None:
        if not declared:
            raise InputError(
                f"the file declares no {side} language ({attr})",
                path=path,
                line=element.sourceline,
                hint=f"pass the {side} language explicitly",
            )
        try:
            return normalize_language(declared)
        except InputError as exc:
            raise InputError(exc.message, path=path, line=element.sourceline, hint=exc.hint) from None
    wanted = normalize_language(given)
    if declared:
        try:
            declared_base = base_language(declared)
        except InputError:
            declared_base = declared.split("-")[0].split("_")[0].lower()
        if declared_base != base_language(wanted):
            raise InputError(
                f"{side} language {given!r} does not match the file's declared {declared!r}",
                path=path,
                line=element.sourceline,
            )
    return wanted


def _notes(container: etree._Element | None) -> list[str]:
    if container is None:
        return []
    return [text_content(n) for n in children(container, "note")]


def _read_file_12(file: etree._Element, ctx: _Context) -> Iterable[SegmentPair]:
    # Units may sit in nested <group>s; <alt-trans> holds proposals, never trans-units.
    for unit in file.iter(etree.Element):
        if localname(unit) != "trans-unit":
            continue
        unit_id = unit.get("id") or str(unit.sourceline)
        source = child(unit, "source")
        if source is None:
            raise InputError(f"unit {unit_id!r} has no <source>", path=ctx.path, line=unit.sourceline)
        target = child(unit, "target")
        metadata: dict[str, Any] = {}
        if target is not None and target.get("state"):
            metadata["state"] = target.get("state")
        if unit.get("approved"):
            metadata["approved"] = unit.get("approved")
        notes = _notes(unit)
        if notes:
            metadata["note"] = "\n".join(notes)
        if target is None:
            if not ctx.allow_missing:
                raise ctx.missing_target(unit_id, unit)
            metadata.setdefault("state", "new")
        yield ctx.pair(
            unit_id,
            text_content(source, drop=_DROP),
            "" if target is None else text_content(target, drop=_DROP),
            metadata,
        )


def _read_file_2(file: etree._Element, ctx: _Context) -> Iterable[SegmentPair]:
    for unit in file.iter(etree.Element):
        if localname(unit) != "unit":
            continue
        unit_id = unit.get("id") or str(unit.sourceline)
        shared: dict[str, Any] = {}
        for meta_block in children(unit, "metadata"):
            for meta in meta_block.iter(etree.Element):
                if localname(meta) == "meta" and meta.get("type"):
                    shared[meta.get("type")] = text_content(meta)
        notes = _notes(child(unit, "notes"))
        if notes:
            shared["note"] = "\n".join(notes)
        segments = children(unit, "segment")  # <ignorable> (whitespace between segments) is skipped
        if not segments:
            raise InputError(f"unit {unit_id!r} has no <segment>", path=ctx.path, line=unit.sourceline)
        for index, segment in enumerate(segments, start=1):
            seg_id = unit_id if len(segments) == 1 else f"{unit_id}#{segment.get('id') or index}"
            source = child(segment, "source")
            if source is None:
                raise InputError(f"segment {seg_id!r} has no <source>", path=ctx.path, line=segment.sourceline)
            target = child(segment, "target")
            metadata = dict(shared)
            if segment.get("state"):
                metadata["state"] = segment.get("state")
            if target is None:
                if not ctx.allow_missing:
                    raise ctx.missing_target(seg_id, segment)
                metadata.setdefault("state", "initial")
            yield ctx.pair(
                seg_id,
                text_content(source, drop=_DROP, codepoint="cp"),
                "" if target is None else text_content(target, drop=_DROP, codepoint="cp"),
                metadata,
            )


def write_xliff(
    pairs: Iterable[SegmentPair], path: PathLike, *, version: Literal["1.2", "2.1"] = "2.1"
) -> None:
    """Write pairs as XLIFF 1.2 or 2.1 (atomically; ``-`` for stdout); :func:`read_xliff` reads it back.

    All pairs must share one language pair. Pairs are grouped into ``<file>`` elements by
    ``metadata["original"]`` (a ``original#`` prefix on their ids is removed again); pairs with an
    empty id get their 1-based position. ``state`` is written when the version's vocabulary has it;
    ``approved`` only in 1.2; other metadata only in 2.1, through the Metadata module (as strings).
    A target is always written, even when empty.
    """
    if version not in ("1.2", "2.1"):
        raise ValueError(f"version must be '1.2' or '2.1', got {version!r}")
    pairs = list(pairs)
    if not pairs:
        raise InputError("no segment pairs to write: an XLIFF file needs their language pair")
    language_pairs = {(p.source_language, p.target_language) for p in pairs}
    if len(language_pairs) > 1:
        listed = ", ".join(f"{s}->{t}" for s, t in sorted(language_pairs))
        raise InputError(f"an XLIFF file holds one language pair, these pairs have several: {listed}")
    src, tgt = language_pairs.pop()

    groups: dict[str | None, list[SegmentPair]] = {}
    for pair in pairs:
        groups.setdefault(pair.metadata.get("original"), []).append(pair)
    several = len(groups) > 1

    if version == "1.2":
        root = etree.Element(f"{{{NS_12}}}xliff", nsmap={None: NS_12}, version="1.2")
    else:
        root = etree.Element(
            f"{{{NS_20}}}xliff", nsmap={None: NS_20, "mda": NS_MDA}, version="2.1", srcLang=src, trgLang=tgt
        )
    for number, (original, members) in enumerate(groups.items(), start=1):
        prefix = f"{original}#" if several and original is not None else ""
        ids = _unit_ids(members, prefix)
        if version == "1.2":
            _write_file_12(root, original, members, ids, src, tgt)
        else:
            _write_file_2(root, original, members, ids, number)
    write_bytes_atomic(path, serialize(root))


def _unit_ids(pairs: list[SegmentPair], prefix: str) -> list[str]:
    ids = []
    for position, pair in enumerate(pairs, start=1):
        unit_id = pair.id[len(prefix) :] if prefix and pair.id.startswith(prefix) else pair.id
        ids.append(unit_id or str(position))
    seen: set[str] = set()
    for unit_id in ids:
        if unit_id in seen:
            raise InputError(f"duplicate unit id {unit_id!r}: XLIFF ids must be unique within a file")
        seen.add(unit_id)
    return ids


def _write_file_12(
    root: etree._Element,
    original: str | None,
    pairs: list[SegmentPair],
    ids: list[str],
    src: str,
    tgt: str,
) -> None:
    q = lambda tag: f"{{{NS_12}}}{tag}"  # noqa: E731
    file = etree.SubElement(
        root,
        q("file"),
        {"original": original or "", "source-language": src, "target-language": tgt, "datatype": "plaintext"},
    )
    body = etree.SubElement(file, q("body"))
    for pair, unit_id in zip(pairs, ids):
        unit = etree.SubElement(body, q("trans-unit"), id=unit_id)
        approved = pair.metadata.get("approved")
        if approved is not None:
            unit.set("approved", approved if isinstance(approved, str) else ("yes" if approved else "no"))
        set_text(etree.SubElement(unit, q("source")), pair.source, what=f"source of {pair.id!r}")
        target = etree.SubElement(unit, q("target"))
        set_text(target, pair.target, what=f"target of {pair.id!r}")
        state = pair.metadata.get("state")
        if state in _STATES_12:
            target.set("state", state)
        if pair.metadata.get("note"):
            set_text(etree.SubElement(unit, q("note")), str(pair.metadata["note"]), what=f"note of {pair.id!r}")


def _write_file_2(
    root: etree._Element, original: str | None, pairs: list[SegmentPair], ids: list[str], number: int
) -> None:
    q = lambda tag: f"{{{NS_20}}}{tag}"  # noqa: E731
    file = etree.SubElement(root, q("file"), id=f"f{number}")
    if original is not None:
        file.set("original", original)
    for pair, unit_id in zip(pairs, ids):
        unit = etree.SubElement(file, q("unit"), id=unit_id)
        # Core order inside <unit>: module elements (mda:metadata), <notes>, then segments.
        extra = {k: v for k, v in pair.metadata.items() if k not in _STRUCTURAL_KEYS}
        if extra:
            group = etree.SubElement(
                etree.SubElement(unit, f"{{{NS_MDA}}}metadata"), f"{{{NS_MDA}}}metaGroup", category="mtqa"
            )
            for key, value in extra.items():
                meta = etree.SubElement(group, f"{{{NS_MDA}}}meta", type=str(key))
                set_text(meta, str(value), what=f"metadata {key!r} of {pair.id!r}")
        if pair.metadata.get("note"):
            notes = etree.SubElement(unit, q("notes"))
            set_text(etree.SubElement(notes, q("note")), str(pair.metadata["note"]), what=f"note of {pair.id!r}")
        segment = etree.SubElement(unit, q("segment"))
        if pair.metadata.get("state") in _STATES_2:
            segment.set("state", pair.metadata["state"])
        _set_text_2(etree.SubElement(segment, q("source")), pair.source)
        _set_text_2(etree.SubElement(segment, q("target")), pair.target)


def _set_text_2(element: etree._Element, text: str) -> None:
    """Set text, writing characters XML cannot hold as XLIFF 2 ``<cp hex="..."/>`` elements."""
    # An empty text node (not None) stops pretty_print from indenting inside <source>/<target>
    # when it starts with <cp/>: that indentation would be read back as content.
    element.text = ""
    current: etree._Element | None = None  # the last <cp>, whose tail receives following text
    buffer: list[str] = []

    def flush() -> None:
        chunk = "".join(buffer)
        buffer.clear()
        if not chunk:
            return
        if current is None:
            element.text = chunk
        else:
            current.tail = chunk

    for ch in text:
        if xml_char_ok(ch):
            buffer.append(ch)
            continue
        flush()
        current = etree.SubElement(element, f"{{{NS_20}}}cp", hex=f"{ord(ch):04X}")
    flush()
