"""Build a local parallel corpus (X–English) from the gettext translations shipped in Debian packages.

Usage:
    python scripts/fetch_po_corpus.py [--lang el] [-o .mtqa-cache/po/el-en.tsv]
                                      [--packages apt bash ...] [--add-packages libreoffice-l10n-el]
                                      [--from-dir DIR ...] [--no-download] [--debs .mtqa-cache/po/debs]

Why: no news-domain parallel text is installable here (backbone.md), but every Debian package
with a user interface carries compiled gettext catalogues (``/usr/share/locale/<lang>/LC_MESSAGES/
*.mo``) whose ``msgid`` is English and ``msgstr`` the translation. That is software-UI text, short
and imperative, but it is real human translation and a few tens of thousands of pairs are enough
for eflomal to learn function words, morphology and common vocabulary.

What it does:
1. ``apt-get download`` the packages in :data:`DEFAULT_PACKAGES` (or ``--packages``) into a cache
   folder (no installation, no root needed for download besides apt's usual access), then read
   the ``.mo`` files for ``--lang`` straight out of each ``.deb`` (``dpkg-deb --fsys-tarfile``).
   ``--from-dir`` adds ``.po``/``.mo`` files (and ``.deb`` files) found under a folder, e.g.
   ``/usr/share/locale`` or a virtualenv's ``site-packages`` (Django-style ``locale/`` trees).
2. Keeps an entry only if it is translated (non-empty ``msgstr``, not fuzzy, not obsolete, not a
   plural entry), strips accelerators (``_File``, ``&File``, ``~File``, ``(_F)``), printf/brace
   placeholders stay in the text but an entry that is *only* placeholders, markup or punctuation
   is dropped, as are identifier-like msgids (``file.open.label``), untranslated copies and, for
   Greek, translations without a Greek letter.
3. Multi-line help texts are split line by line when both sides have the same number of lines
   (GNU ``--help`` texts translate line for line), otherwise joined with spaces.
4. Writes ``<lang><TAB>en`` lines (source = the translation, target = English, the direction of
   ``tests/data/word_align_gold.jsonl``), deduplicated, in a stable order, after a ``#`` header
   that :func:`mtqa.align.statistical.iter_tsv_pairs` skips.

Packages (Debian 12 "bookworm" counts of translated ``el`` / ``de`` entries before filtering):
GNU and Debian tools — apt 328/372, aptitude-common 881/1275, bash 525/525, coreutils 170/1823,
debconf-i18n 67/77, diffutils 258/263, dpkg 396/1175, findutils 186/186, gettext 35/679,
gnupg-l10n 423/2125, grep 33/115, libc-l10n 670/1423, sed 74/136, tar 116/574, wget 97/648,
util-linux-locales 0/4772, nano 0/621 — command-line messages; desktop libraries and
applications — libglib2.0-data 871/1200, libgtk-3-common 3433/3940, libgtk2.0-common 2583/2778
(largely the same strings as gtk3; deduplicated), gnome-control-center-data 2289/2667 (half of
it time-zone city names, which are skipped), gnome-shell-common 566/578, nautilus-data 1012/1011,
evolution-data-server-common 1372/1507, synaptic 696/727, mousepad 426/426, thunar-data 934/934,
xfce4-panel 488/488, pidgin-data 3107/3175, vlc-l10n 6167/6189 — menus, dialogs, preferences and
their longer descriptions. About 49 MB of downloads (cached in ``--debs``). After filtering,
line splitting and deduplication these give 23,287 el–en pairs (127k English words) and 36,501
de–en pairs, in about 4 s once downloaded (``--max-pairs`` keeps fewer). ``--add-packages libreoffice-l10n-el`` adds about 28k more (short UI
labels, 0.8 MB download); ``libreoffice-l10n-de`` likewise for German.
"""

from __future__ import annotations

import argparse
import io
import logging
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger("fetch_po_corpus")

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_PACKAGES = [
    # GNU / Debian command-line tools
    "apt", "aptitude-common", "bash", "coreutils", "debconf-i18n", "diffutils", "dpkg",
    "findutils", "gettext", "gnupg-l10n", "grep", "libc-l10n", "sed", "tar", "wget",
    "util-linux-locales", "nano",
    # desktop libraries and applications
    "libglib2.0-data", "libgtk-3-common", "libgtk2.0-common", "gnome-control-center-data",
    "gnome-shell-common", "nautilus-data", "evolution-data-server-common", "synaptic",
    "mousepad", "thunar-data", "xfce4-panel", "pidgin-data", "vlc-l10n",
]
# Catalogues of place names or other non-sentences: no use for word alignment.
SKIP_CATALOGUES = re.compile(r"timezones|iso_3166|iso_639|iso_4217|iso_15924")

# printf (%s %d %1$s %-10s %'d %lu %zu %<PRIu64>), Python (%(name)s), brace ({0} {name}) and
# shell-ish ($VAR) placeholders, and XML/Pango markup.
_PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspn%]"
    r"|%<PRI\w+>|%\([^)]+\)[a-z]|\{[\w.:]*\}|\$\{?\w+\}?|<[^<>]+>"
)
_IDENTIFIER = re.compile(r"^[\w.-]+$")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_APPENDED_ACCEL = re.compile(r"\s*\((?:_|&|~)?\w\)(?=$|[.:…]*$)")  # "Αρχείο (_F)"
_ACCEL = re.compile(r"(?<![\w&_~])[_&~](?=\w)|(?<=\w)_(?=\w)")


def strip_accelerators(text: str) -> str:
    """Remove mnemonic markers: ``_File`` ``&Open`` ``~Save`` ``Pre_ferences`` ``Αρχείο (_F)``.

    An underscore inside a word is removed only when the string has a single underscore: GTK
    allows one mnemonic, while ``file_name``-style identifiers usually come with more context.

    >>> strip_accelerators("Save _As…"), strip_accelerators("&Open"), strip_accelerators("Pre_ferences")
    ('Save As…', 'Open', 'Preferences')
    >>> strip_accelerators("Αρχείο (_F)"), strip_accelerators("Tom & Jerry")
    ('Αρχείο', 'Tom & Jerry')
    """
    text = _APPENDED_ACCEL.sub("", text)
    if text.count("_") > 1:
        return re.sub(r"(?<![\w&_~])[&~](?=\w)", "", text)
    return _ACCEL.sub("", text)


def clean(text: str) -> str:
    """NFC, accelerators stripped, whitespace (tabs, newlines) collapsed to single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = strip_accelerators(text)
    return " ".join(text.split())


def has_content(text: str) -> bool:
    """At least two letters once placeholders and markup are removed.

    >>> has_content("%s: %s"), has_content("<b>%s</b>"), has_content("File %s not found")
    (False, False, True)
    """
    return len(_LETTER.findall(_PLACEHOLDER.sub(" ", text))) >= 2


def keep_pair(src: str, en: str, lang: str) -> bool:
    """The filters of step 2 on already cleaned text."""
    if not src or not en or not has_content(en) or not has_content(src):
        return False
    if _IDENTIFIER.match(en) and ("." in en or "_" in en):
        return False
    if src == en or src.startswith("#") or en.startswith("#"):
        return False
    if lang == "el" and not _GREEK.search(src):
        return False
    return len(en.split()) <= 150 and len(src.split()) <= 150


def entry_pairs(msgid: str, msgstr: str, lang: str) -> Iterator[tuple[str, str]]:
    """Cleaned ``(translation, english)`` pairs of one catalogue entry (step 3 splitting).

    >>> list(entry_pairs("Usage: ls\\n  -a  all\\n", "Χρήση: ls\\n  -a  όλα\\n", "el"))
    [('Χρήση: ls', 'Usage: ls'), ('-a όλα', '-a all')]
    """
    en_lines = [ln for ln in msgid.split("\n") if ln.strip()]
    tr_lines = [ln for ln in msgstr.split("\n") if ln.strip()]
    if len(en_lines) > 1 and len(en_lines) == len(tr_lines):
        chunks = list(zip(tr_lines, en_lines))
    else:
        chunks = [(msgstr, msgid)]
    for tr, en in chunks:
        tr, en = clean(tr), clean(en)
        if keep_pair(tr, en, lang):
            yield tr, en


def catalogue_pairs(data: bytes, name: str, lang: str) -> Iterator[tuple[str, str]]:
    """Pairs from the bytes of one ``.mo`` or ``.po`` file (polib reads both)."""
    import polib

    suffix = ".mo" if name.endswith(".mo") else ".po"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:  # polib wants a path or a string
        tmp.write(data)
        tmp.flush()
        try:
            cat = polib.mofile(tmp.name) if suffix == ".mo" else polib.pofile(tmp.name)
        except Exception as exc:  # corrupt or odd catalogues: skip, don't stop the whole run
            log.warning("skipping %s: %s", name, exc)
            return
    for entry in cat:
        if entry.obsolete or "fuzzy" in getattr(entry, "flags", ()) or entry.msgid_plural:
            continue
        if not entry.msgid or not entry.msgstr:
            continue
        yield from entry_pairs(entry.msgid, entry.msgstr, lang)


def _catalogue_re(lang: str) -> re.Pattern[str]:
    # .../locale/el/LC_MESSAGES/x.mo, .../el.po, LibreOffice .../resource/el/LC_MESSAGES/x.mo
    return re.compile(rf"(?:^|/){re.escape(lang)}(?:/LC_MESSAGES/[^/]+\.(?:mo|po)|\.po)$")


def deb_catalogues(deb: Path, lang: str) -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` of the ``lang`` catalogues inside a ``.deb``."""
    pat = _catalogue_re(lang)
    proc = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True)
    if proc.returncode != 0:
        log.warning("skipping %s: dpkg-deb failed: %s", deb.name, proc.stderr.decode(errors="replace").strip())
        return
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tf:
        for member in tf:
            if member.isfile() and pat.search(member.name) and not SKIP_CATALOGUES.search(member.name):
                fh = tf.extractfile(member)
                if fh is not None:
                    yield f"{deb.name}:{member.name}", fh.read()


def dir_catalogues(folder: Path, lang: str) -> Iterator[tuple[str, bytes]]:
    """Catalogues (and ``.deb`` files) found under a folder."""
    pat = _catalogue_re(lang)
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".deb":
            yield from deb_catalogues(path, lang)
        elif path.is_file() and pat.search(path.as_posix()) and not SKIP_CATALOGUES.search(path.name):
            yield str(path), path.read_bytes()


def download(packages: Iterable[str], dest: Path) -> list[Path]:
    """``apt-get download`` each package not already in ``dest``; missing ones are warned about."""
    if shutil.which("apt-get") is None:
        raise SystemExit("fetch_po_corpus: apt-get not found; use --from-dir with .po/.mo/.deb files")
    dest.mkdir(parents=True, exist_ok=True)
    debs: list[Path] = []
    for pkg in packages:
        have = sorted(dest.glob(f"{pkg}_*.deb"))
        if not have:
            proc = subprocess.run(["apt-get", "download", pkg], cwd=dest, capture_output=True, text=True)
            if proc.returncode != 0:
                log.warning("could not download %s (run apt-get update first?): %s", pkg, proc.stderr.strip()[-200:])
                continue
            have = sorted(dest.glob(f"{pkg}_*.deb"))
        debs.extend(have[-1:])
    return debs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="el", help="translation language code (default el)")
    ap.add_argument("-o", "--output", type=Path, help="TSV to write (default .mtqa-cache/po/<lang>-en.tsv)")
    ap.add_argument("--packages", nargs="+", help="Debian packages to read (default: a curated list)")
    ap.add_argument("--add-packages", nargs="+", default=[], help="packages to read besides the list")
    ap.add_argument("--from-dir", type=Path, nargs="+", default=[], help="also read .po/.mo/.deb under these folders")
    ap.add_argument("--no-download", action="store_true", help="read only --from-dir and cached .debs")
    ap.add_argument("--debs", type=Path, default=ROOT / ".mtqa-cache" / "po" / "debs", help="download cache")
    ap.add_argument("--max-pairs", type=int, default=0, help="keep at most this many pairs (0: all)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")

    out = args.output or ROOT / ".mtqa-cache" / "po" / f"{args.lang}-en.tsv"
    packages = (args.packages or DEFAULT_PACKAGES) + args.add_packages
    sources: list[Iterator[tuple[str, bytes]]] = []
    if not args.no_download:
        for deb in download(packages, args.debs):
            sources.append(deb_catalogues(deb, args.lang))
    elif args.debs.is_dir():
        sources.append(dir_catalogues(args.debs, args.lang))
    for folder in args.from_dir:
        sources.append(dir_catalogues(folder, args.lang))

    seen: dict[tuple[str, str], None] = {}
    for source in sources:
        for name, data in source:
            before = len(seen)
            for pair in catalogue_pairs(data, name, args.lang):
                seen.setdefault(pair)
            log.info("%-70s +%d pairs", name[-70:], len(seen) - before)
    pairs = list(seen)
    if args.max_pairs:
        pairs = pairs[: args.max_pairs]
    if not pairs:
        log.error("no %s-en pairs found", args.lang)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(f"# {args.lang}\ten\tgettext catalogues from Debian packages (scripts/fetch_po_corpus.py)\n")
        for tr, en in pairs:
            fh.write(f"{tr}\t{en}\n")
    tmp.replace(out)  # atomic: a reader never sees half a corpus
    words = sum(len(en.split()) for _, en in pairs)
    log.info("wrote %d %s-en pairs (%d English words) to %s", len(pairs), args.lang, words, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
