"""TBX termbases: TBX-Basic 2008 (``<martif>``) and TBX v3 / TBX-Core (``<tbx>``) into a :class:`Glossary`.

One concept entry (``<termEntry>`` / ``<conceptEntry>``) gives one :class:`TermEntry` per source term:

* source terms (in document order) each become an entry sharing the concept's target side, because a
  source text may use any synonym and each one must be rendered with the approved target term;
* the first *preferred* target term is ``target`` (else the first term that is not forbidden);
  other non-forbidden target terms are ``variants``;
* target terms whose administrative status / normative authorization is deprecated, superseded
  or forbidden (``deprecatedTerm-admn-sts``, ``supersededTerm-admn-sts``, TBX v3 ``deprecated``)
  are ``forbidden``;
* ``<descrip type="subjectField">`` is ``domain``; definitions and ``<note>``s of the entry and of
  its two language sections (not of single terms), joined by newlines, are ``note``; a
  ``<descrip type="context">`` of a source term is that entry's ``example``.

Both the DCA style (``<termNote type="administrativeStatus">``) and the TBX v3 DCT style
(``<basic:administrativeStatus>``) are read. Term, note and domain texts are stripped of
surrounding whitespace (they are labels, not segments).

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "g.tbx")
>>> write_tbx(Glossary("el", "en", (TermEntry("γυμνάσια", "exercises", variants=("drills",)),)), path)
>>> read_tbx(path).entries[0].variants
('drills',)
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any, Literal

from lxml import etree

from mtqa.data import Glossary, TermEntry
from mtqa.errors import InputError
from mtqa.io.common import PathLike, display_name, write_bytes_atomic
from mtqa.io.xml import XML_LANG, child, localname, read_xml, serialize, set_text, text_content, xml_lang
from mtqa.lang import base_language, check_language_pair

logger = logging.getLogger("mtqa.io")

_FORBIDDEN = frozenset({"deprecated", "superseded", "forbidden"})
# mtqa's own TermEntry fields that TBX has no data category for, stored as <admin type="x-mtqa-...">.
_ADMIN_PREFIX = "x-mtqa-"


def read_tbx(
    path: PathLike,
    source_language: str | None = None,
    target_language: str | None = None,
    *,
    on_missing: Literal["error", "skip"] = "error",
) -> Glossary:
    """Read a TBX file (``-`` for stdin) into a glossary for one language pair.

    Without languages, the file must hold exactly two; the source is the one the root's
    ``xml:lang`` names, else the first to appear. An entry lacking a source term or an allowed
    target term raises :class:`InputError` with its line, or with ``on_missing="skip"`` is left
    out and counted in a warning on the ``mtqa.io`` logger.
    """
    if on_missing not in ("error", "skip"):
        raise ValueError(f"on_missing must be 'error' or 'skip', got {on_missing!r}")
    name = display_name(path)
    root = read_xml(path, expected=("martif", "tbx"), kind="TBX")
    concepts = [e for e in root.iter(etree.Element) if localname(e) in ("termEntry", "conceptEntry")]
    src, tgt = _pick_languages(root, concepts, source_language, target_language, name)

    entries: list[TermEntry] = []
    skipped = 0
    for concept in concepts:
        try:
            entries.extend(_read_concept(concept, src, tgt, name))
        except _Missing as missing:
            if on_missing == "skip":
                skipped += 1
                continue
            raise InputError(
                str(missing),
                path=name,
                line=concept.sourceline,
                hint="pass on_missing='skip' to leave incomplete entries out",
            ) from None
    if skipped:
        logger.warning("%s: skipped %d term entr(ies) lacking %s or %s terms", name, skipped, src, tgt)
    title = next((e for e in root.iter(etree.Element) if localname(e) == "title"), None)
    return Glossary(src, tgt, tuple(entries), name=text_content(title).strip() if title is not None else "")


class _Missing(Exception):
    """An entry without terms in one of the two languages."""


def _base(code: str) -> str:
    try:
        return base_language(code)
    except InputError:
        return code.strip().replace("_", "-").split("-")[0].lower()


def _pick_languages(
    root: etree._Element,
    concepts: list[etree._Element],
    source_language: str | None,
    target_language: str | None,
    path: str,
) -> tuple[str, str]:
    found: dict[str, str] = {}  # base language -> first code seen, in document order
    for concept in concepts:
        for section in _lang_sections(concept):
            code = xml_lang(section)
            if not code:
                raise InputError("language section without xml:lang", path=path, line=section.sourceline)
            found.setdefault(_base(code), code)
    if source_language is not None and target_language is not None:
        return check_language_pair(source_language, target_language)
    given = source_language if source_language is not None else target_language
    if given is not None:
        others = [code for base, code in found.items() if base != base_language(given)]
        if len(others) != 1:
            raise InputError(
                f"cannot tell the other language: the file has {', '.join(found.values()) or 'none'}",
                path=path,
                hint="pass both source_language and target_language",
            )
        pair = (given, others[0]) if source_language is not None else (others[0], given)
        return _checked_pair(*pair, path=path)
    if len(found) != 2:
        raise InputError(
            f"the file has {len(found)} language(s) ({', '.join(found.values()) or 'none'}); "
            "cannot tell the source and target languages",
            path=path,
            hint="pass source_language and target_language",
        )
    first, second = found.values()
    declared = xml_lang(root)
    if declared and _base(declared) == _base(second):
        first, second = second, first
    return _checked_pair(first, second, path=path)


def _checked_pair(src: str, tgt: str, *, path: str) -> tuple[str, str]:
    try:
        return check_language_pair(src, tgt)
    except InputError as exc:
        raise InputError(exc.message, path=path, hint=exc.hint) from None


def _lang_sections(concept: etree._Element) -> list[etree._Element]:
    return [e for e in concept if localname(e) in ("langSet", "langSec")]


def _descrip_type(element: etree._Element) -> str:
    """The data category of ``<descrip type="x">``/``<termNote type="x">``/DCT ``<basic:x>``."""
    name = localname(element)
    if name in ("descrip", "termNote", "admin"):
        return element.get("type", "")
    return name


def _fields(container: etree._Element) -> Iterable[tuple[str, etree._Element]]:
    """(data category, element) of a container's children, looking into ``<descripGrp>``s
    (which pair a descrip with its source or date: only the descrip is content)."""
    for element in container:
        if localname(element) == "descripGrp":
            inner = child(element, "descrip")
            if inner is not None:
                yield _descrip_type(inner), inner
        else:
            yield _descrip_type(element), element


def _status(term_group: etree._Element) -> str:
    """'preferred', 'admitted', 'deprecated', ... from the term's administrative status, or ''."""
    for element in term_group.iter(etree.Element):
        if _descrip_type(element) in ("administrativeStatus", "normativeAuthorization"):
            value = text_content(element).strip().lower()
            value = value.removesuffix("-admn-sts").removesuffix("term")
            return value
    return ""


def _terms(section: etree._Element) -> list[tuple[str, str, etree._Element]]:
    """(term, status, term group) for each term of a language section, in document order."""
    found = []
    for group in section:
        if localname(group) not in ("tig", "ntig", "termSec"):
            continue
        term = next((e for e in group.iter(etree.Element) if localname(e) == "term"), None)
        if term is None:
            continue
        text = text_content(term).strip()
        if text:
            found.append((text, _status(group), group))
    return found


def _read_concept(concept: etree._Element, src: str, tgt: str, path: str) -> list[TermEntry]:
    src_base, tgt_base = base_language(src), base_language(tgt)
    sources: list[tuple[str, str, etree._Element]] = []
    targets: list[tuple[str, str, etree._Element]] = []
    relevant = [concept]
    for section in _lang_sections(concept):
        base = _base(xml_lang(section) or "")
        if base == src_base:
            sources += _terms(section)
        elif base == tgt_base:
            targets += _terms(section)
        else:
            continue
        relevant.append(section)
    concept_id = concept.get("id", "?")
    if not sources:
        raise _Missing(f"term entry {concept_id!r} has no {src} term")
    allowed = [t for t, status, _ in targets if status not in _FORBIDDEN]
    if not allowed:
        what = "only forbidden" if targets else "no"
        raise _Missing(f"term entry {concept_id!r} has {what} {tgt} terms")
    preferred = next((t for t, status, _ in targets if status == "preferred"), allowed[0])

    # Entry-level and relevant language-level descriptive fields; term-level ones are read per term.
    notes: list[str] = []
    domain = ""
    admin: dict[str, str] = {}
    for container in relevant:
        for kind, element in _fields(container):
            value = text_content(element).strip()
            if kind == "subjectField" and not domain:
                domain = value
            elif kind in ("definition", "note") and value:
                notes.append(value)
            elif kind.startswith(_ADMIN_PREFIX):
                admin[kind.removeprefix(_ADMIN_PREFIX)] = value
    fields: dict[str, Any] = {
        "target": preferred,
        "variants": tuple(t for t in allowed if t != preferred),
        "forbidden": tuple(t for t, status, _ in targets if status in _FORBIDDEN),
        "note": "\n".join(notes),
        "domain": domain,
    }
    try:
        if "count" in admin:
            fields["count"] = int(admin["count"])
        if "confidence" in admin:
            fields["confidence"] = float(admin["confidence"])
        if "status" in admin:
            fields["status"] = admin["status"]
        if "scores" in admin:
            fields["scores"] = {str(k): float(v) for k, v in json.loads(admin["scores"]).items()}
    except (ValueError, AttributeError) as exc:
        raise InputError(f"bad mtqa admin value: {exc}", path=path, line=concept.sourceline) from None
    entries = []
    for term, _, group in sources:
        example = next((text_content(e).strip() for kind, e in _fields(group) if kind == "context"), "")
        entries.append(TermEntry(source=term, example=example, **fields))
    return entries


def write_tbx(glossary: Glossary, path: PathLike) -> None:
    """Write a glossary as TBX-Basic 2008 (``<martif>``), atomically; ``-`` for stdout.

    The target is written as ``preferredTerm-admn-sts``, variants as ``admittedTerm-admn-sts`` and
    forbidden renderings as ``deprecatedTerm-admn-sts``; ``example`` as the source term's context.
    ``count``, ``confidence``, ``status`` and ``scores`` (JSON), which TBX has no category for,
    go into ``<admin type="x-mtqa-...">`` when they differ from the defaults, so :func:`read_tbx`
    reads every field back. Entries are not merged: each becomes its own ``<termEntry>``.
    """
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: glossary.source_language})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    if glossary.name:
        title = etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title")
        set_text(title, glossary.name, what="glossary name")
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "Written by mtqa"
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = (
        "TBXBasicXCSV02.xcs"
    )
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, entry in enumerate(glossary.entries, start=1):
        what = f"term entry {entry.source!r}"
        concept = etree.SubElement(body, "termEntry", id=f"c{number}")
        if entry.domain:
            set_text(etree.SubElement(concept, "descrip", type="subjectField"), entry.domain, what=what)
        if entry.note:
            set_text(etree.SubElement(concept, "note"), entry.note, what=what)
        for key, value in _admin_fields(entry):
            set_text(etree.SubElement(concept, "admin", type=_ADMIN_PREFIX + key), value, what=what)
        source_set = etree.SubElement(concept, "langSet", {XML_LANG: glossary.source_language})
        source_tig = _write_term(source_set, entry.source, None, what=what)
        if entry.example:
            set_text(etree.SubElement(source_tig, "descrip", type="context"), entry.example, what=what)
        target_set = etree.SubElement(concept, "langSet", {XML_LANG: glossary.target_language})
        _write_term(target_set, entry.target, "preferredTerm-admn-sts", what=what)
        for variant in entry.variants:
            _write_term(target_set, variant, "admittedTerm-admn-sts", what=what)
        for forbidden in entry.forbidden:
            _write_term(target_set, forbidden, "deprecatedTerm-admn-sts", what=what)
    write_bytes_atomic(path, serialize(root))


def _write_term(lang_set: etree._Element, term: str, status: str | None, *, what: str) -> etree._Element:
    tig = etree.SubElement(lang_set, "tig")
    set_text(etree.SubElement(tig, "term"), term, what=what)
    if status:
        etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    return tig


def _admin_fields(entry: TermEntry) -> Iterable[tuple[str, str]]:
    if entry.count:
        yield "count", str(entry.count)
    if entry.confidence is not None:
        yield "confidence", repr(float(entry.confidence))
    if entry.status != "approved":
        yield "status", entry.status
    if entry.scores:
        yield "scores", json.dumps(dict(entry.scores), ensure_ascii=False, sort_keys=True)
