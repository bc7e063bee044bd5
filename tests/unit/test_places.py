"""The city gazetteer: the shipped GeoNames table and the lookups the names check relies on."""

from __future__ import annotations

import mtqa
from mtqa.checks.places import Gazetteer

TABLE = [
    "# name\tcountry\tpopulation\tlatin\tgreek\tcyrillic",
    "Munich\tDE\t1505005\tmunich|munchen|monacodibaviera\tΜόναχο\tМюнхен",
    "Radebeul\tDE\t32979\tradebeul\t\tРадебойль",
    "Nice\tFR\t342669\tnice|nizza\tΝίκαια\tНицца",
    "Nikaia\tGR\t89380\tnikaia\tΝίκαια\t",
]


def test_a_table_parses_and_latin_names_find_their_city() -> None:
    g = Gazetteer.from_lines(TABLE)
    assert [p.name for p in g.places] == ["Munich", "Radebeul", "Nice", "Nikaia"]
    assert [p.name for p in g.latin_places("München")] == ["Munich"]
    assert [p.name for p in g.latin_places("Monaco di Baviera")] == ["Munich"]
    assert g.latin_places("Münch") == () and g.latin_places("") == ()
    assert g.places[1].names_in("greek") == () and g.places[1].names_in("cyrillic") == ("Радебойль",)


def test_a_name_several_cities_share_lists_them_all_most_populous_first() -> None:
    forms = dict(Gazetteer.from_lines(TABLE).script_forms("greek"))
    assert [p.name for p in forms["Νίκαια"]] == ["Nice", "Nikaia"]
    assert [p.name for p in forms["Μόναχο"]] == ["Munich"]


def test_local_places_are_those_of_countries_speaking_the_language() -> None:
    g = Gazetteer.from_lines(TABLE)
    assert g.is_local_place("Radebeul", "de") and g.is_local_place("München", "de")
    assert not g.is_local_place("Nizza", "de")  # a foreign city: its German name may be any word
    assert g.is_local_place("Nice", "fr") and not g.is_local_place("Radebeul", "fr")
    assert g.is_local_place("Bayern", "de")  # regions come from ISO 3166-2 (pycountry)


def test_the_shipped_table() -> None:
    g = Gazetteer.default()
    assert len(g.places) > 30000 and all(p.population >= 15000 for p in g.places[:100])
    assert [p.name for p in g.latin_places("Mailand")][:1] == ["Milan"]
    assert g.is_local_place("Radebeul", "de") and not g.is_local_place("Rentnerin", "de")
    greek = dict(g.script_forms("greek"))
    assert greek["Μόναχο"][0].name == "Munich"


def test_check_is_exported_at_the_top_level() -> None:
    from mtqa.checks import check, check_pairs

    assert mtqa.check is check and mtqa.check_pairs is check_pairs
