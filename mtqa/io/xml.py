"""Safe XML parsing and serialization shared by the TMX, XLIFF and TBX readers and writers.

Translation memories and glossaries arrive from clients and vendors, so they are untrusted input:
the parser never loads DTDs, never touches the network, never expands entities, and documents that
*declare* entities are refused outright (the defusedxml policy) so neither XXE (file disclosure) nor
"billion laughs" expansion can happen.

>>> root = parse_xml(b"<tmx version='1.4'><body/></tmx>", path="a.tmx", expected=("tmx",), kind="TMX")
>>> localname(root)
'tmx'
>>> text_content(etree.fromstring("<seg>a <b>bold</b><ph>{1}</ph> c</seg>"), drop={"ph"})
'a bold c'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable

from lxml import etree

from mtqa.errors import InputError
from mtqa.io.common import PathLike, display_name, read_bytes

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"


def safe_parser() -> etree.XMLParser:
    """A parser that cannot be made to read files, reach the network or expand entities."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,  # keep libxml2's depth/size limits against resource exhaustion
        remove_blank_text=False,  # whitespace inside segments is content
        load_dtd=False,
        dtd_validation=False,
    )


def parse_xml(data: bytes, *, path: PathLike, expected: Collection[str], kind: str) -> etree._Element:
    """Parse untrusted XML bytes and check the root element's local name is one of ``expected``.

    Raises :class:`InputError` naming the file (and line) for an empty file, malformed XML, entity
    declarations, or an unexpected root element.
    """
    name = display_name(path)
    if not data.strip():
        raise InputError("file is empty", path=name)
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        message = exc.msg or str(exc)
        # libxml2 appends "(line N, column M)"; the line is already in the InputError prefix.
        raise InputError(f"not well-formed XML: {message}", path=name, line=exc.lineno or None) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        entities = [e.name for e in dtd.iterentities()]
        if entities:
            raise InputError(
                f"the DOCTYPE declares entities ({', '.join(entities)}); refused for safety "
                "(external or recursive entities can leak files or exhaust memory)",
                path=name,
                line=1,
                hint="remove the <!ENTITY ...> declarations from the file",
            )
    found = localname(root)
    if found not in expected:
        wanted = " or ".join(f"<{e}>" for e in expected)
        raise InputError(
            f"not a {kind} file: the root element is <{found}>, expected {wanted}",
            path=name,
            line=root.sourceline,
        )
    return root


def read_xml(path: PathLike, *, expected: Collection[str], kind: str) -> etree._Element:
    """Read ``path`` (``-`` for stdin) and parse it with :func:`parse_xml`."""
    return parse_xml(read_bytes(path), path=path, expected=expected, kind=kind)


def localname(element: etree._Element) -> str:
    """The tag without its namespace; '' for comments, processing instructions and entities."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct child elements with local name ``name`` (any namespace)."""
    return [c for c in element if localname(c) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first direct child element with local name ``name``, or None."""
    for c in element:
        if localname(c) == name:
            return c
    return None


def xml_lang(element: etree._Element) -> str | None:
    """``xml:lang``, or the legacy unqualified ``lang`` attribute (TMX 1.1-1.3)."""
    return element.get(XML_LANG) or element.get("lang")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def text_content(
    element: etree._Element,
    *,
    drop: Collection[str] = (),
    codepoint: str | None = None,
) -> str:
    """The NFC text of ``element`` with inline markup flattened.

    Children whose local name is in ``drop`` (native codes and placeholders) contribute nothing,
    but the text that follows them (their tail) is kept. Other children (``<hi>``, ``<g>``, ``<mrk>``,
    ``<pc>``) contribute their own text. Comments and processing instructions are skipped.
    ``codepoint`` names an element (XLIFF 2 ``<cp hex="..."/>``) that stands for one character.
    """
    return nfc("".join(_flatten(element, drop, codepoint)))


def _flatten(element: etree._Element, drop: Collection[str], codepoint: str | None) -> Iterable[str]:
    if element.text:
        yield element.text
    for c in element:
        name = localname(c)
        if name and name == codepoint:
            try:
                yield chr(int(c.get("hex", ""), 16))
            except ValueError:
                pass  # a broken <cp> stands for nothing rather than failing the whole file
        elif name and name not in drop:
            yield from _flatten(c, drop, codepoint)
        if c.tail:
            yield c.tail


def set_text(element: etree._Element, text: str, *, what: str) -> None:
    """Set element text, turning lxml's ValueError for XML-incompatible characters into InputError."""
    try:
        element.text = text
    except ValueError:
        bad = next((f"U+{ord(ch):04X}" for ch in text if not _xml_char(ch)), "?")
        raise InputError(f"{what} contains a character XML cannot represent ({bad})") from None


def _xml_char(ch: str) -> bool:
    o = ord(ch)
    return o in (0x9, 0xA, 0xD) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF


def xml_char_ok(ch: str) -> bool:
    """True if ``ch`` may appear in an XML 1.0 document."""
    return _xml_char(ch)


def serialize(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration; pretty-printing leaves mixed content untouched."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
