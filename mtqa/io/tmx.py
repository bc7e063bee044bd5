"""TMX 1.4b translation memories: read them into :class:`SegmentPair` objects and write them back.

A ``<tu>`` holds one ``<tuv>`` per language; the reader picks, for each side, the ``<tuv>`` whose
``xml:lang`` (or legacy ``lang``) has the same base language as requested, so ``el-GR`` serves ``el``.

Inline markup in ``<seg>``: ``<hi>`` keeps its text (it only highlights translatable text), while
``<bpt>``, ``<ept>``, ``<ph>``, ``<it>`` (and deprecated ``<ut>``) are dropped with their content,
because that content is the *native code* of the original format (``<b>``, ``{\\i1}``, ``%s``), not
language. Quality checks then compare only the words a translator wrote.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "m.tmx")
>>> write_tmx([SegmentPair("Καλημέρα", "Good morning", "el", "en", id="1")], path)
>>> read_tmx(path, "el", "en")[0].target
'Good morning'
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from lxml import etree

from mtqa._version import __version__
from mtqa.data import SegmentPair
from mtqa.errors import InputError
from mtqa.io.common import PathLike, display_name, write_bytes_atomic
from mtqa.io.xml import (
    XML_LANG,
    child,
    children,
    localname,
    read_xml,
    serialize,
    set_text,
    text_content,
    xml_lang,
)
from mtqa.lang import base_language, check_language_pair, normalize_language

logger = logging.getLogger("mtqa.io")

# Native-code elements: their content is markup of the original document, not translatable text.
_NATIVE_CODE = frozenset({"bpt", "ept", "ph", "it", "ut"})
# <tu> attributes defined by TMX 1.4b that are carried in metadata (tuid becomes the pair id).
_TU_ATTRIBUTES = frozenset(
    {
        "o-encoding",
        "datatype",
        "usagecount",
        "lastusagedate",
        "creationtool",
        "creationtoolversion",
        "creationdate",
        "creationid",
        "changedate",
        "segtype",
        "changeid",
        "o-tmf",
        "srclang",
    }
)


def read_tmx(
    path: PathLike,
    source_language: str,
    target_language: str,
    *,
    on_missing: Literal["error", "skip"] = "error",
) -> list[SegmentPair]:
    """Read the ``source_language`` → ``target_language`` pairs of a TMX file (``-`` for stdin).

    Ids come from ``tuid`` or are the ``<tu>``'s 1-based position. Metadata holds the ``<tu>``'s
    TMX attributes (``creationdate``, ``changeid`` ...), its ``<prop type="...">`` values (a list
    when a type repeats) and its ``<note>`` texts (joined by newlines, under ``"note"``).
    ``<tuv>``-level props and notes are not read. Pairs carry the requested language codes.

    A ``<tu>`` lacking either language raises :class:`InputError` with its line, or, with
    ``on_missing="skip"``, is left out and counted in a warning on the ``mtqa.io`` logger.

    >>> read_tmx("missing.tmx", "el", "en")
    Traceback (most recent call last):
    mtqa.errors.InputError: missing.tmx: no such file
    """
    if on_missing not in ("error", "skip"):
        raise ValueError(f"on_missing must be 'error' or 'skip', got {on_missing!r}")
    src, tgt = check_language_pair(source_language, target_language)
    name = display_name(path)
    root = read_xml(path, expected=("tmx",), kind="TMX")
    body = child(root, "body")
    if body is None:
        raise InputError("TMX file has no <body> element", path=name, line=root.sourceline)

    pairs: list[SegmentPair] = []
    skipped = 0
    for position, tu in enumerate(children(body, "tu"), start=1):
        tu_id = tu.get("tuid") or str(position)
        source_seg = _find_seg(tu, src, path=name)
        target_seg = _find_seg(tu, tgt, path=name)
        if source_seg is None or target_seg is None:
            missing = " and ".join(
                lang for lang, seg in ((src, source_seg), (tgt, target_seg)) if seg is None
            )
            if on_missing == "skip":
                skipped += 1
                continue
            raise InputError(
                f"translation unit {tu_id!r} has no <tuv> with a <seg> in {missing}",
                path=name,
                line=tu.sourceline,
                hint="pass on_missing='skip' to leave incomplete units out",
            )
        pairs.append(
            SegmentPair(
                source=text_content(source_seg, drop=_NATIVE_CODE),
                target=text_content(target_seg, drop=_NATIVE_CODE),
                source_language=src,
                target_language=tgt,
                id=tu_id,
                metadata=_tu_metadata(tu),
            )
        )
    if skipped:
        logger.warning("%s: skipped %d translation unit(s) lacking %s or %s", name, skipped, src, tgt)
    return pairs


def _lang_matches(code: str, wanted: str) -> tuple[bool, bool]:
    """(same base language, exactly the same tag); unknown codes in files compare by first subtag."""
    try:
        normalized = normalize_language(code)
        base = base_language(code)
    except InputError:
        normalized = code.strip().replace("_", "-")
        base = normalized.split("-")[0].lower()
    return base == base_language(wanted), normalized.lower() == wanted.lower()


def _find_seg(tu: etree._Element, language: str, *, path: str) -> etree._Element | None:
    # Prefer an exact tag (en-GB asked, en-US and en-GB present), else the first same-base tuv.
    fallback = None
    for tuv in children(tu, "tuv"):
        code = xml_lang(tuv)
        if not code:
            raise InputError("<tuv> without an xml:lang attribute", path=path, line=tuv.sourceline)
        same_base, exact = _lang_matches(code, language)
        seg = child(tuv, "seg")
        if not same_base or seg is None:
            continue
        if exact:
            return seg
        if fallback is None:
            fallback = seg
    return fallback


def _tu_metadata(tu: etree._Element) -> dict[str, Any]:
    metadata: dict[str, Any] = {k: v for k, v in tu.attrib.items() if k in _TU_ATTRIBUTES}
    notes: list[str] = []
    for element in tu:
        kind = localname(element)
        if kind == "prop":
            key = element.get("type") or "prop"
            value = text_content(element)
            if key in metadata and key not in _TU_ATTRIBUTES:
                previous = metadata[key]
                metadata[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                metadata[key] = value
        elif kind == "note":
            notes.append(text_content(element))
    if notes:
        metadata["note"] = "\n".join(notes)
    return metadata


def write_tmx(pairs: Iterable[SegmentPair], path: PathLike, *, creation_tool: str = "mtqa") -> None:
    """Write pairs as a TMX 1.4 file (atomically; ``-`` for stdout) that :func:`read_tmx` reads back.

    Metadata is written back the way it is read: TMX ``<tu>`` attribute names as attributes,
    ``"note"`` as ``<note>`` elements (one per line of a list), everything else as
    ``<prop type="key">`` (one per item of a list; non-string values are written with ``str``).
    Pairs with an empty id get no ``tuid`` and read back with their position as id.
    """
    pairs = list(pairs)
    source_languages = {p.source_language for p in pairs}
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": creation_tool,
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": creation_tool,
            "adminlang": "en",
            # TMX's own value for a memory whose units do not share one source language.
            "srclang": source_languages.pop() if len(source_languages) == 1 else "*all*",
            "datatype": "plaintext",
        },
    )
    body = etree.SubElement(root, "body")
    for pair in pairs:
        tu = etree.SubElement(body, "tu")
        if pair.id:
            tu.set("tuid", pair.id)
        _write_metadata(tu, pair.metadata, pair_id=pair.id)
        for language, text in ((pair.source_language, pair.source), (pair.target_language, pair.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: language})
            set_text(etree.SubElement(tuv, "seg"), text, what=f"segment pair {pair.id!r}")
    write_bytes_atomic(path, serialize(root))


def _write_metadata(tu: etree._Element, metadata: Mapping[str, Any], *, pair_id: str) -> None:
    # TMX order inside <tu>: (note | prop)* before the <tuv>s.
    for key, value in metadata.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        if key in _TU_ATTRIBUTES and not isinstance(value, (list, tuple)):
            tu.set(key, str(value))
        elif key == "note":
            for item in values:
                set_text(etree.SubElement(tu, "note"), str(item), what=f"note of pair {pair_id!r}")
        else:
            for item in values:
                prop = etree.SubElement(tu, "prop", type=str(key))
                set_text(prop, str(item), what=f"property {key!r} of pair {pair_id!r}")
