"""A gazetteer of cities: their names in many scripts, keyed to one English name.

The names check uses it to know that ``Radebeul`` is a town although German capitalizes every
noun and its lemmatizer knows the word, that ``Μόναχο``, ``Мюнхен`` and ``慕尼黑`` are Munich, and
that ``Mailand`` in a German source supports ``Milan`` in the translation.

The data is every city of 15,000 people or more from GeoNames (https://www.geonames.org,
CC BY 4.0), shipped as ``mtqa/resources/names/places.tsv.gz`` (built by
``scripts/build_gazetteer.py``). Loading is lazy and per script: a Greek source pays for the
2,500 Greek names, not for the 120,000 Latin ones.

>>> g = Gazetteer.default()
>>> [p.name for p in g.latin_places("Mailand")][:1]
['Milan']
>>> g.is_local_place("Radebeul", "de"), g.is_local_place("Niedersachsen", "de"), g.is_local_place("Rentnerin", "de")
(True, True, False)
"""

from __future__ import annotations

import bisect
import gzip
import itertools
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from mtqa.checks.translit import latin_key

__all__ = ["Gazetteer", "Place", "capital_of", "countries_speaking"]

_RESOURCE = "resources/names/places.tsv.gz"
_CAPITALS = "resources/names/capitals.tsv"
SCRIPTS = ("latin", "greek", "cyrillic", "han", "kana", "hangul", "arabic", "hebrew", "devanagari")


@dataclass(frozen=True)
class Place:
    """A city: GeoNames' main name, country code, population and its names per script, each
    script's names ``|``-joined as stored (split on demand: most are never looked at)."""

    name: str
    country: str
    population: int
    cells: tuple[str, ...]

    def names_in(self, script: str) -> tuple[str, ...]:
        """The city's names written in ``script`` (one of :data:`SCRIPTS`)."""
        cell = self.cells[SCRIPTS.index(script)] if script in SCRIPTS[:len(self.cells)] else ""
        return tuple(cell.split("|")) if cell else ()

    @property
    def latin_keys(self) -> tuple[str, ...]:
        """Spelling keys (:func:`~mtqa.checks.translit.latin_key`) of every Latin-script name,
        the main name's first."""
        return self.names_in("latin")


class Gazetteer:
    """Cities looked up by name: exact Latin spelling keys, and names per script."""

    def __init__(self, places: list[Place]) -> None:
        self.places = tuple(places)  # most populous first

    @classmethod
    def default(cls) -> Gazetteer:
        """The shipped GeoNames table (cached)."""
        return _default_gazetteer()

    @classmethod
    def from_lines(cls, lines: list[str]) -> Gazetteer:
        """Parse the shipped format (``#`` lines are comments)."""
        places = []
        for line in lines:
            if not line or line.startswith("#"):
                continue
            name, country, population, *cells = line.split("\t")
            places.append(Place(name, country, int(population), tuple(cells)))
        return cls(places)

    @cached_property
    def _latin_blob(self) -> tuple[str, list[int]]:
        # One string of every city's Latin keys, "|"-delimited, and where each city's part
        # starts: a lookup is a few C-level finds, where a dict of 120,000 keys would cost
        # a quarter of a second to build for the handful of lookups a story makes.
        parts = [f"|{p.cells[0] if p.cells else ''}|\n" for p in self.places]
        starts = list(itertools.accumulate((len(x) for x in parts), initial=0))
        return "".join(parts), starts

    def latin_places(self, word: str, *, inflected: bool = False) -> tuple[Place, ...]:
        """Cities that a Latin-script name spells (case, accents and separators aside), most
        populous first. ``München``, ``Munich`` and ``Monaco di Baviera`` all give Munich.
        ``inflected`` also accepts a case ending in place of the name's last letters
        (Polish ``Warszawie``, Czech ``Praze`` stay unmatched: their stems change).

        >>> [p.name for p in Gazetteer.default().latin_places("Warszawie", inflected=True)][:1]
        ['Warsaw']
        """
        key = latin_key(word)
        if not key:
            return ()
        found = self._find(f"|{key}|")
        if found or not inflected or len(key) < 6:
            return found
        for cut in (1, 2):  # Warszaw|ie -> warszaw|a: the stem, then any ending of up to two letters
            stem = key[:-cut]
            if len(stem) < 6:
                break  # shorter stems find other towns (meloni, "melons", is no Melong)
            hits = [p for p in self._find(f"|{stem}", prefix=True)
                    if any(k.startswith(stem) and len(k) - len(stem) <= 2 for k in p.latin_keys)]
            if hits:
                return tuple(dict.fromkeys(hits))
        return ()

    def _find(self, needle: str, *, prefix: bool = False) -> tuple[Place, ...]:
        """Cities whose Latin keys hold ``needle`` ("|key|", or "|stem" with ``prefix``)."""
        blob, starts = self._latin_blob
        found, pos = [], blob.find(needle)
        while pos >= 0:
            k = bisect.bisect_right(starts, pos) - 1
            found.append(self.places[k])
            pos = blob.find(needle, starts[k + 1] if not prefix else pos + 1)
        return tuple(dict.fromkeys(found))

    @lru_cache(maxsize=64)  # noqa: B019 - one gazetteer lives for the process
    def _local_keys(self, lang: str) -> frozenset[str]:
        import pycountry

        countries = countries_speaking(lang)
        keys = {k for p in self.places if p.country in countries for k in p.latin_keys}
        for code in countries:
            keys.update(latin_key(s.name) for s in pycountry.subdivisions.get(country_code=code) or ())
        return frozenset(keys)

    def is_local_place(self, word: str, lang: str) -> bool:
        """Whether ``word`` names a city or a region (ISO 3166-2, from ``pycountry``) of a
        country where ``lang`` is an official language (``Radebeul``, ``Niedersachsen`` for
        German): evidence that a capitalized word is a name where the language capitalizes
        every noun. Foreign places are left out on purpose: their names in other languages
        include common words of this one."""
        return latin_key(word) in self._local_keys(lang)

    def script_forms(self, script: str) -> list[tuple[str, tuple[Place, ...]]]:
        """``(name, cities)`` for every name written in ``script`` (``greek``, ``cyrillic``,
        ``han``, ``kana``…); a name several cities share lists them all, most populous first."""
        table: dict[str, list[Place]] = defaultdict(list)
        for place in self.places:
            for form in place.names_in(script):
                table[form].append(place)
        return [(form, tuple(ps)) for form, ps in table.items()]


@lru_cache(maxsize=64)
def countries_speaking(lang: str) -> frozenset[str]:
    """Territory codes where CLDR lists ``lang`` as an official language."""
    from babel.languages import get_official_languages
    from babel import Locale

    codes = [c for c in Locale("en").territories if len(c) == 2 and c.isalpha()]
    return frozenset(c for c in codes if lang in get_official_languages(c, de_facto=True))


def capital_of(country: str) -> str | None:
    """The GeoNames name of a country's capital (``HU`` → ``Budapest``), or None.

    >>> capital_of("HU"), capital_of("XX")
    ('Budapest', None)
    """
    return _capitals().get(country)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    text = resources.files("mtqa").joinpath(_CAPITALS).read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    data = resources.files("mtqa").joinpath(_RESOURCE).read_bytes()
    return Gazetteer.from_lines(gzip.decompress(data).decode("utf-8").split("\n"))
