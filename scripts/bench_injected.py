#!/usr/bin/env python3
"""Benchmark mistranslation detection on correct translations with automatically injected errors.

Correct segment pairs come from mtqa's corpora (``corpora/*-en``: sentences paired 1-1 inside
paragraphs with equal sentence counts), from the seed story (sentences touched by a known error in
``seeds/known_errors.json`` left out), from the correct news sentence pairs in many languages of
``tests/data/news_pairs_multilingual*.jsonl`` (``--no-multi`` leaves them out; ``--heldout`` uses
only ``tests/data/news_pairs_heldout.jsonl``, pairs written apart from the checks' development) and, when ``.mtqa-cache/po/{el,de}-en.tsv`` exist (made by
``scripts/fetch_po_corpus.py``), from a sample of longer gettext UI strings (half of them with
digits). Each pair is checked as it is (false alarms), then every injection function below edits
its English translation once where it applies, and the variant is checked again (detection).

Injections (pure functions of the text and a seeded ``random.Random``; each returns an
:class:`Injection` with the new target, the error type and the target span of the change, or
``None`` when no rule applies):

  replace_number   a digit string changed in place (one digit +-1, x10, two digits swapped,
                   decimal point shifted, a year moved by a few years), format kept
  replace_name     a capitalized named entity swapped for another of the same kind (cities,
                   countries, person names, or another entity found in the corpus)
  remove_name      a named entity removed with its preposition ("... from Piraeus ...")
                   or its coordination ("X and Y")
  add_negation     "is" -> "is not", "will" -> "will not", "can" -> "cannot", "said" -> "did not say"
  remove_negation  "is not" -> "is", "does not rise" -> "rises", "never" and "were no" removed
  antonym          increase/decrease, rose/fell, higher/lower, before/after, won/lost ...
  add_clause       a clause of an unrelated sentence appended (an unsupported addition)
  drop_clause      a clause between commas, or a trailing/leading one, removed (an omission)
  replace_date     a month or weekday name swapped for another one

A variant counts as detected ("any") when it has a finding of severity >= major, and as
localized when such a finding's target span overlaps the injected span. For removals the span
is the word before and the word after the cut; a finding with no target span whose category fits
the removal (name or omission) also counts as localized there. "any|clean" is the detection rate
over variants whose correct pair had no finding >= major (so a false alarm does not count as a
detection).

Usage: python scripts/bench_injected.py [--seed 0] [--max-pairs N] [--po 120] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ---------------------------------------------------------------------------------------------
# Injections
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Injection:
    """One injected error: the edited target, its type and the target span [start, end) of the change.

    ``before`` is the original text that was replaced (empty for an insertion) and ``after`` the
    text that replaced it (empty for a removal; the span then covers the words around the cut).
    """

    tgt: str
    kind: str
    start: int
    end: int
    before: str
    after: str

    @property
    def removal(self) -> bool:
        return not self.after


def _replace(text: str, start: int, end: int, new: str, kind: str) -> Injection:
    """Replace text[start:end] by ``new``; the span is where ``new`` lands."""
    return Injection(text[:start] + new + text[end:], kind, start, start + len(new), text[start:end], new)


def _remove(text: str, start: int, end: int, kind: str) -> Injection:
    """Remove text[start:end] (whitespace tidied); the span covers the words on both sides of the cut."""
    head, tail = text[:start], text[end:]
    if head.endswith(" ") and (tail.startswith(" ") or tail[:1] in {",", ".", ";", ":", "!", "?", ""}):
        head = head.rstrip(" ")
    if not head and tail:
        tail = tail.lstrip()
        tail = tail[:1].upper() + tail[1:]
    new = head + tail
    cut = len(head)
    left = re.search(r"\S+\s*$", new[:cut])
    right = re.match(r"\s*\S+", new[cut:])
    span_start = left.start() if left else cut
    span_end = cut + right.end() if right else cut
    return Injection(new, kind, span_start, span_end, text[start:end], "")


# --- numbers ---------------------------------------------------------------------------------

# An English number: 5,000 / 12.5 / 2022 / 07 (not part of a word, not an ordinal like 5th).
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w]|[.,]\d)")


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ",".join(out)


def _mutate_number(token: str, rng: random.Random) -> str | None:
    """A different number written like ``token`` (same separators), or None."""
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?", token)
    if not m:
        return None
    int_part, frac = m.group(1), m.group(2) or ""
    grouped = "," in int_part
    digits = int_part.replace(",", "")
    ops: list[str] = ["digit"]
    if not frac and not grouped and len(digits) == 4 and 1900 <= int(digits) <= 2099:
        ops = ["year"]
    else:
        if not frac and digits != "0" and not digits.startswith("0"):
            ops.append("x10")
        if any(a != b for a, b in zip(digits, digits[1:])):
            ops.append("swap")
        if frac or (not grouped and len(digits) >= 2 and not digits.startswith("0")):
            ops.append("decimal")
    rng.shuffle(ops)
    for op in ops:
        new = _apply_number_op(op, digits, frac, grouped, rng)
        if new is not None and new != token:
            return new
    return None


def _apply_number_op(op: str, digits: str, frac: str, grouped: bool, rng: random.Random) -> str | None:
    """Apply one edit (year, digit, x10, swap, decimal) to a number split into its parts."""
    new_digits, new_frac = digits, frac
    if op == "year":
        new_digits = str(int(digits) + rng.choice([-5, -3, -2, -1, 1, 2, 3, 5]))
    elif op == "digit":
        i = rng.randrange(len(digits))
        d = int(digits[i])
        choices = [x for x in (d - 1, d + 1) if 0 <= x <= 9 and not (x == 0 and i == 0 and len(digits) > 1)]
        if not choices:
            return None
        new_digits = digits[:i] + str(rng.choice(choices)) + digits[i + 1:]
    elif op == "x10":
        new_digits = digits + "0"
    elif op == "swap":
        pairs = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]
                 and not (i == 0 and digits[1] == "0")]
        if not pairs:
            return None
        i = rng.choice(pairs)
        new_digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    elif op == "decimal":
        if frac:
            if rng.random() < 0.5 and len(digits) >= 2:  # 12.5 -> 1.25
                new_digits, new_frac = digits[:-1], "." + digits[-1] + frac[1:]
            else:  # 12.5 -> 125 / 1.25 -> 12.5
                moved = frac[1:2]
                new_digits, new_frac = (digits + moved).lstrip("0") or "0", ("." + frac[2:]) if frac[2:] else ""
        else:  # 45 -> 4.5
            new_digits, new_frac = digits[:-1], "." + digits[-1]
    new_int = _group(new_digits) if grouped or (len(new_digits) > 4 and len(digits) > 4) else new_digits
    return new_int + new_frac


def replace_number(text: str, rng: random.Random) -> Injection | None:
    """Change one number of the English ``text`` in place, keeping its format.

    >>> inj = replace_number("It cost 5,000 euros.", random.Random(1))
    >>> inj.kind, inj.before, inj.tgt[inj.start:inj.end] == inj.after
    ('number', '5,000', True)
    """
    matches = list(_NUMBER.finditer(text))
    rng.shuffle(matches)
    for m in matches:
        new = _mutate_number(m.group(0), rng)
        if new:
            return _replace(text, m.start(), m.end(), new, "number")
    return None


# --- names -----------------------------------------------------------------------------------

CITIES = (
    "Athens", "Thessaloniki", "Berlin", "Munich", "Hamburg", "Dresden", "Moscow", "Beijing",
    "Shanghai", "Wuhan", "Paris", "London", "Madrid", "Rome", "Vienna", "Warsaw", "Prague",
    "Lisbon", "Istanbul", "Cairo", "Tokyo", "Seoul", "Chicago", "Toronto", "Sydney",
    "Patras", "Heraklion", "Leipzig", "Cologne", "Novosibirsk", "Kazan", "Chengdu", "Nanjing",
)
COUNTRIES = (
    "Greece", "Germany", "Russia", "China", "France", "Italy", "Spain", "Turkey", "Japan",
    "Ukraine", "Poland", "Austria", "Egypt", "Brazil", "Canada", "India", "Portugal", "Cyprus",
    "Bulgaria", "Romania", "Serbia", "Sweden", "Norway", "Finland", "Belgium", "Switzerland",
    "Hungary", "Mexico", "Australia", "Kazakhstan", "Vietnam", "Indonesia",
)
PERSONS = (
    "Maria Papadopoulou", "Nikos Georgiou", "Anna Schmidt", "Thomas Müller", "Olga Ivanova",
    "Sergei Petrov", "Li Wei", "Zhang Min", "John Miller", "Sarah Johnson", "Pierre Martin",
    "Elena Rossi", "Carlos Garcia", "Yuki Tanaka", "Ahmed Hassan", "Katarzyna Nowak",
)
_SURNAMES = tuple(p.split()[-1] for p in PERSONS)
_FIRST_NAMES = frozenset(p.split()[0] for p in PERSONS) | {
    "Kyriakos", "Alexis", "Olaf", "Angela", "Vladimir", "Xi", "Emmanuel", "Joe", "Donald",
    "Kim", "Giorgos", "Dimitris", "Yannis", "Andreas", "Konstantinos", "Klaus", "Peter",
    "Michael", "Ivan", "Dmitry", "Alexei", "Wang", "Liu", "Chen",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Capitalized words that are not (or do not start) names.
_NOT_NAMES = frozenset(
    "The A An In On At Of For From To By With And But Or As If When While After Before During "
    "This That These Those There It Its He She They We I You His Her Their Our My Your "
    "Mr Mrs Ms Dr Prof President Minister Prime Chancellor Mayor General Professor Deputy "
    "Secretary Governor Premier King Queen Pope Saint St Police Officials Meanwhile However "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Please Note NOTE Error Warning "
    "Greek German Russian Chinese English French Italian Spanish Turkish Japanese Korean "
    "American European British Ukrainian Polish Austrian Egyptian Brazilian Canadian Indian "
    "Swiss Dutch Cypriot Bulgarian Romanian Serbian Swedish Norwegian Finnish Belgian "
    "Hungarian Mexican Australian Soviet Western Eastern Northern Southern Christmas Easter "
    "Internet OK Yes No Not All Some Many Most Each Every Such Other New Old".split()
)
_CAP_WORD = r"[A-Z][A-Za-z\u00C0-\u024F’'\-]*[A-Za-z\u00C0-\u024F]"
_ENTITY_RUN = re.compile(rf"{_CAP_WORD}(?:[ \-]{_CAP_WORD})*")
_PREPOSITIONS = ("in", "from", "to", "of", "at", "on", "near", "for", "by", "with", "outside", "into")


@dataclass(frozen=True)
class Entity:
    """A named-entity candidate in an English text: its span, text and kind."""

    start: int
    end: int
    text: str
    kind: str  # city, country, person, other


def _known(word: str) -> bool:
    return word in _FIRST_NAMES or word in CITIES or word in COUNTRIES or word in _SURNAMES


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \"“‘'«(")
    return not before or before[-1] in ".!?:;\n"


def find_entities(text: str) -> list[Entity]:
    """Capitalized named-entity candidates in an English ``text`` (titles, months, demonyms and
    function words trimmed; a lone capitalized word at the start of a sentence is skipped unless
    it is a known city or country).

    >>> [e.text for e in find_entities("Police in Athens said Maria Papadopoulou left Greece's capital.")]
    ['Athens', 'Maria Papadopoulou', 'Greece']
    """
    found: list[Entity] = []
    for m in _ENTITY_RUN.finditer(text):
        tokens = list(re.finditer(r"\S+", m.group(0)))
        words = [t.group(0) for t in tokens]
        # Trim leading/trailing words that are not names (The, Minister, Greek, ...).
        lo, hi = 0, len(words)
        while lo < hi and words[lo].split("-")[0] in _NOT_NAMES:
            lo += 1
        while hi > lo and words[hi - 1] in _NOT_NAMES:
            hi -= 1
        if lo == 0 and hi - lo > 1 and _sentence_initial(text, m.start()) and not _known(words[0]):
            lo = 1  # "Run VLC", "Allows B-frames": the first word is probably not part of the name
        if lo == hi:
            continue
        start = m.start() + tokens[lo].start()
        end = m.start() + tokens[hi - 1].end()
        value = text[start:end]
        for suffix in ("’s", "'s"):
            if value.endswith(suffix):
                value, end = value[: -len(suffix)], end - len(suffix)
        if len(value) < 2 or value.isupper() and len(value) <= 1:
            continue
        kind = ("city" if value in CITIES else "country" if value in COUNTRIES
                else "person" if value.split()[0] in _FIRST_NAMES or value in _SURNAMES else "other")
        if kind == "other" and lo == 0 and hi - lo == 1 and _sentence_initial(text, start):
            continue  # "Officers ..." -- probably not a name
        if value.isupper() and not re.search(r"[A-Z]{2}", value):
            continue
        found.append(Entity(start, end, value, kind))
    return found


def entity_pool(texts: Iterable[str]) -> list[str]:
    """Distinct "other" entities found in ``texts`` (a pool of replacements from the corpus)."""
    seen: dict[str, None] = {}
    for text in texts:
        for e in find_entities(text):
            if e.kind == "other" and not any(ch.isdigit() for ch in e.text):
                seen.setdefault(e.text, None)
    return list(seen)


def replace_name(text: str, rng: random.Random, pool: Sequence[str] = ()) -> Injection | None:
    """Swap one named entity of ``text`` for another of the same kind.

    Cities, countries and person names come from small built-in lists; other entities are
    replaced by an entity of ``pool`` (names elsewhere in the corpus) with as many words.

    >>> inj = replace_name("The ferry left Athens at noon.", random.Random(0))
    >>> inj.before, inj.after in CITIES, inj.after != "Athens"
    ('Athens', True, True)
    """
    entities = find_entities(text)
    rng.shuffle(entities)
    for e in entities:
        if e.kind == "city":
            choices = [c for c in CITIES if c not in text]
        elif e.kind == "country":
            choices = [c for c in COUNTRIES if c not in text]
        elif e.kind == "person":
            names = PERSONS if " " in e.text else _SURNAMES
            choices = [p for p in names if p not in text]
        else:
            n, acronym = len(e.text.split()), e.text.isupper()
            choices = [p for p in pool if p not in text and len(p.split()) == n and p.lower() != e.text.lower()
                       and p.isupper() == acronym]
        if choices:
            return _replace(text, e.start, e.end, rng.choice(choices), "name")
    return None


def remove_name(text: str, rng: random.Random) -> Injection | None:
    """Remove one named entity with its preposition ("from Piraeus") or coordination ("and Y").

    >>> remove_name("The ferry from Piraeus reached Crete on time.", random.Random(0)).tgt
    'The ferry reached Crete on time.'
    """
    entities = find_entities(text)
    rng.shuffle(entities)
    for e in entities:
        if e.kind == "person" and _sentence_initial(text, e.start):
            continue
        end = e.end
        if text[end:end + 2] in ("’s", "'s"):
            continue  # "Greece's capital" -- removing leaves no grammatical sentence
        prep = re.search(r"\b(" + "|".join(_PREPOSITIONS) + r") (?:the )?$", text[:e.start])
        if prep:
            return _remove(text, prep.start(), end, "name_removed")
        if e.kind == "other":
            continue  # "Economic and Technological Development Zone": "and" may be inside the name
        conj_after = re.match(r",? and ", text[end:])
        if conj_after and not _sentence_initial(text, e.start):
            return _remove(text, e.start, end + conj_after.end(), "name_removed")
        conj_before = re.search(r",? and $", text[:e.start])
        if conj_before:
            return _remove(text, conj_before.start(), end, "name_removed")
    return None


# --- negation --------------------------------------------------------------------------------

_PARTICIPLES = frozenset(
    "been seen taken given made done said found left gone become begun shown known won lost paid "
    "sold built held brought told put set cut hit kept sent spent met run come grown risen fallen "
    "driven written broken chosen spoken stolen frozen".split()
)
# Simple past -> base form, for "said" -> "did not say" and "did not say" -> "said".
_PAST_TO_BASE = {
    "said": "say", "found": "find", "took": "take", "announced": "announce", "reported": "report",
    "rose": "rise", "fell": "fall", "increased": "increase", "decreased": "decrease", "won": "win",
    "lost": "lose", "agreed": "agree", "approved": "approve", "confirmed": "confirm", "arrived": "arrive",
    "reached": "reach", "decided": "decide", "received": "receive", "paid": "pay", "left": "leave",
    "made": "make", "gave": "give", "went": "go", "came": "come", "saw": "see", "knew": "know",
    "told": "tell", "began": "begin", "held": "hold", "brought": "bring", "sold": "sell", "bought": "buy",
    "launched": "launch", "opened": "open", "closed": "close", "accepted": "accept", "called": "call",
    "warned": "warn", "expected": "expect", "showed": "show", "wanted": "want", "needed": "need",
}
_BASE_TO_PAST = {v: k for k, v in _PAST_TO_BASE.items()}
_AUX = ("is", "are", "was", "were", "will", "would", "can", "could", "should", "must", "may", "might",
        "has", "have", "had")
_DETERMINERS = frozenset("the a an this that these those its his her their our my your some".split())


def _third_person(base: str) -> str:
    if re.search(r"(s|sh|ch|x|z|o)$", base):
        return base + "es"
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies"
    return {"have": "has", "be": "is"}.get(base, base + "s")


def _past(base: str) -> str:
    if base in _BASE_TO_PAST:
        return _BASE_TO_PAST[base]
    if base.endswith("e"):
        return base + "d"
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ied"
    return base + "ed"


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def add_negation(text: str, rng: random.Random) -> Injection | None:
    """Negate one verb of ``text``: "is" -> "is not", "can" -> "cannot", "has left" -> "has not
    left", "said" -> "did not say". Sentences already negated there, questions and sentences with
    no such verb are skipped.

    >>> add_negation("The port is open.", random.Random(0)).tgt
    'The port is not open.'
    """
    if text.rstrip().endswith("?"):
        return None
    candidates: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\b(" + "|".join(_AUX) + r")\b (\w+)", text, flags=re.IGNORECASE):
        aux, nxt = m.group(1), m.group(2).lower()
        if nxt in {"not", "never", "no", "n't", "nothing", "none", "neither"}:
            continue
        if aux.lower() in {"has", "have", "had"} and not (nxt.endswith("ed") or nxt in _PARTICIPLES):
            continue
        if aux.lower() == "can":
            candidates.append((m.start(1), m.end(1), _match_case("cannot", aux)))
        else:
            candidates.append((m.start(1), m.end(1), aux + " not"))
    blockers = _DETERMINERS | set(_AUX) | {"been", "being", "be", "not", "never", "to"}
    for m in re.finditer(r"\b(\w+) (?:(\w+) )?(" + "|".join(_PAST_TO_BASE) + r")\b", text):
        before, verb = m.group(2 if m.group(2) else 1).lower(), m.group(3)
        if before in blockers or (m.group(2) and m.group(1).lower() in set(_AUX) | {"been", "be"}):
            continue  # "the closed port", "has already bought": not a simple past
        candidates.append((m.start(3), m.end(3), "did not " + _PAST_TO_BASE[verb]))
    if not candidates:
        return None
    start, end, new = rng.choice(candidates)
    return _replace(text, start, end, new, "negation_added")


def remove_negation(text: str, rng: random.Random) -> Injection | None:
    """Remove one negation of ``text``: "is not" -> "is", "cannot" -> "can", "isn't" -> "is",
    "does not rise" -> "rises", "did not say" -> "said", "has never been" -> "has been",
    "were no injuries" -> "were injuries", "no longer" dropped.

    >>> remove_negation("Prices did not rise in May.", random.Random(0)).tgt
    'Prices rose in May.'
    """
    candidates: list[tuple[int, int, str]] = []
    aux = "|".join(_AUX)
    for m in re.finditer(rf"\b({aux}) not\b", text, flags=re.IGNORECASE):
        candidates.append((m.start(), m.end(), m.group(1)))
    for m in re.finditer(r"\b([Cc])annot\b", text):
        candidates.append((m.start(), m.end(), m.group(1) + "an"))
    contractions = {"isn't": "is", "aren't": "are", "wasn't": "was", "weren't": "were", "won't": "will",
                    "can't": "can", "couldn't": "could", "wouldn't": "would", "shouldn't": "should",
                    "hasn't": "has", "haven't": "have", "hadn't": "had"}
    for m in re.finditer(r"\b(\w+n[’']t)\b", text, flags=re.IGNORECASE):
        key = m.group(1).lower().replace("’", "'")
        if key in contractions:
            candidates.append((m.start(), m.end(), _match_case(contractions[key], m.group(1))))
    for m in re.finditer(r"\b(does|do|did)(?: not|n[’']t) (\w+)\b", text, flags=re.IGNORECASE):
        aux_word, verb = m.group(1).lower(), m.group(2)
        if verb.lower() in {"have", "be"} and aux_word != "did":
            new = {"does": _third_person(verb), "do": verb}[aux_word]
        else:
            new = {"does": _third_person(verb), "do": verb, "did": _past(verb)}[aux_word]
        candidates.append((m.start(), m.end(), _match_case(new, m.group(1))))
    for m in re.finditer(r"(?<=\w )never (?=\w)", text):
        candidates.append((m.start(), m.end(), ""))
    for m in re.finditer(r"(?<=\w )no longer (?=\w)", text):
        candidates.append((m.start(), m.end(), ""))
    for m in re.finditer(r"\b(?:were|was|is|are|had|has|have) (no) (?=\w)", text):
        candidates.append((m.start(1), m.end(0), ""))
    if not candidates:
        return None
    start, end, new = rng.choice(candidates)
    if not new:
        return _remove(text, start, end, "negation_removed")
    return _replace(text, start, end, new, "negation_removed")


# --- antonyms, dates -------------------------------------------------------------------------

_ANTONYM_PAIRS = (
    ("increase", "decrease"), ("increased", "decreased"), ("increases", "decreases"),
    ("increasing", "decreasing"), ("rise", "fall"), ("rose", "fell"), ("risen", "fallen"),
    ("rising", "falling"), ("rises", "falls"), ("higher", "lower"), ("highest", "lowest"),
    ("more", "less"), ("before", "after"), ("won", "lost"), ("win", "lose"), ("approved", "rejected"),
    ("approve", "reject"), ("open", "closed"), ("opened", "closed"), ("largest", "smallest"),
    ("biggest", "smallest"), ("first", "last"), ("earlier", "later"), ("early", "late"),
    ("above", "below"), ("maximum", "minimum"), ("gained", "lost"), ("strong", "weak"),
    ("stronger", "weaker"), ("positive", "negative"),
    ("successful", "unsuccessful"), ("allowed", "banned"), ("accepted", "refused"),
    ("north", "south"), ("east", "west"), ("northern", "southern"), ("eastern", "western"),
    ("cheaper", "more expensive"), ("increase", "drop"), ("up", "down"), ("start", "end"),
    ("started", "ended"), ("longer", "shorter"), ("young", "old"),
    ("arrived", "departed"), ("enable", "disable"), ("enabled", "disabled"), ("install", "remove"),
    ("installed", "removed"), ("valid", "invalid"), ("available", "unavailable"), ("true", "false"),
    ("always", "never"), ("all", "none of the"), ("success", "failure"), ("minimum", "maximum"),
)
ANTONYMS: dict[str, str] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS.setdefault(_a, _b)
    ANTONYMS.setdefault(_b, _a)
del _a, _b
_ANTONYM_SKIP_AFTER = frozenset({"has", "have", "had", "been", "set", "pick", "sign", "set-", "make", "give", "shut", "break", "back",
                                 "look", "turn", "at", "the", "follow"})


def antonym(text: str, rng: random.Random) -> Injection | None:
    """Replace one word of ``text`` by its antonym (lowercase matches only, so "North Korea" stays).

    >>> antonym("Prices rose by 3% in May.", random.Random(0)).tgt
    'Prices fell by 3% in May.'
    """
    single = [w for w in ANTONYMS if " " not in w]
    candidates = []
    for m in re.finditer(r"\b(" + "|".join(sorted(single, key=len, reverse=True)) + r")\b", text):
        word = m.group(1)
        prev = re.search(r"(\w+)\W*$", text[:m.start()])
        if word in {"up", "down", "start", "end", "open", "long", "all", "first", "last", "more", "less"} and prev \
                and prev.group(1).lower() in _ANTONYM_SKIP_AFTER:
            continue
        if word in {"more", "less"} and re.match(r" than\b|\s*$", text[m.end():]) is None \
                and not re.match(r" \w+(er)?\b", text[m.end():]):
            continue
        if text[m.end():m.end() + 1] == "-" or text[m.start() - 1:m.start()] == "-":  # "long-term", "81-year-old"
            continue
        candidates.append(m)
    if not candidates:
        return None
    m = rng.choice(candidates)
    return _replace(text, m.start(), m.end(), ANTONYMS[m.group(1)], "antonym")


def replace_date(text: str, rng: random.Random) -> Injection | None:
    """Swap a month or weekday name of ``text`` for another one ("May"/"March" at the start of a
    sentence are left alone: they may be a verb).

    >>> replace_date("It opened on Monday.", random.Random(0)).after in WEEKDAYS
    True
    """
    candidates = []
    for m in re.finditer(r"\b(" + "|".join(MONTHS + WEEKDAYS) + r")\b", text):
        if m.group(1) in {"May", "March"} and _sentence_initial(text, m.start()):
            continue
        candidates.append(m)
    if not candidates:
        return None
    m = rng.choice(candidates)
    group = MONTHS if m.group(1) in MONTHS else WEEKDAYS
    return _replace(text, m.start(), m.end(), rng.choice([x for x in group if x not in text]), "date")


# --- clauses ---------------------------------------------------------------------------------

def _clauses(sentence: str) -> list[str]:
    body = sentence.strip().rstrip(".!?;:")
    return [p.strip() for p in re.split(r",\s+|;\s+", body) if p.strip()]


def add_clause(text: str, rng: random.Random, donors: Sequence[str] = (),
               names: Iterable[str] = ()) -> Injection | None:
    """Append to ``text`` a clause (4-14 words) taken from one of ``donors`` (unrelated sentences):
    "The ferry left." -> "The ferry left, police said on Monday." The span is the added clause. Its
    first word is lowercased unless it is in ``names`` (words seen capitalized mid-sentence), a
    known name or an acronym. Clauses with sentence punctuation or brackets inside are not used.

    >>> add_clause("The ferry left on time.", random.Random(0), ["Fares rose sharply in the spring season."]).tgt
    'The ferry left on time, fares rose sharply in the spring season.'
    """
    m = re.search(r"[.!?…]?[\"”’»)]*\s*$", text)
    end = m.start() if m else len(text)
    if len(text[:end].split()) < 3:
        return None
    options = [c for d in donors for c in _clauses(d)
               if 4 <= len(c.split()) <= 14 and c not in text and not re.search(r"[.!?:()\[\]<>=|]", c)]
    if not options:
        return None
    clause = rng.choice(options)
    first = re.sub(r"[’']s$", "", clause.split()[0])
    if not (first in set(names) or _known(first) or first.isupper() or not first[1:].islower()):
        clause = clause[:1].lower() + clause[1:]
    new_text = text[:end] + ", " + clause + text[end:]
    return Injection(new_text, "addition", end + 2, end + 2 + len(clause), "", clause)


_TRAILING_STARTS = frozenset("said says according which who while as after before when including adding with "
                             "where whereas although though but and police officials".split())

_MIDDLE_STARTS = frozenset("which who whose where when while including according as after before although "
                           "though despite with the a an its his her their".split())
_LEADING_STARTS = frozenset("in on at after before during since by for with despite although while when as if "
                            "according meanwhile however last this earlier later until from under".split())


def drop_clause(text: str, rng: random.Random) -> Injection | None:
    """Remove one clause of ``text``: between two commas ("A, X, B" -> "A B"), a trailing one
    ("A, X." -> "A.") or a short leading one ("In May, A" -> "A"); at least 4 words must remain.

    >>> drop_clause("The ferry, which was late, reached Crete.", random.Random(0)).tgt
    'The ferry reached Crete.'
    """
    commas = [m.start() for m in re.finditer(r",(?= )", text)]
    if not commas:
        return None
    body_end = len(text.rstrip().rstrip(".!?…\"”’»)"))
    candidates: list[tuple[int, int]] = []
    for a, b in zip(commas, commas[1:]):
        words = text[a + 1:b].split()
        if 2 <= len(words) <= 15 and (words[0].lower() in _MIDDLE_STARTS or words[0][:1].isdigit()
                                      or words[-1] in {"said", "says", "added", "reported"}):
            candidates.append((a, b + 1))  # ", X," removed
    last = commas[-1]
    trailing = text[last + 1:body_end].split()
    first = commas[0]
    leading = text[:first].split()
    adverbial_head = bool(leading) and leading[0].lower() in _LEADING_STARTS
    if 2 <= len(trailing) <= 15 and (trailing[0].lower() in _TRAILING_STARTS
                                     or (len(commas) == 1 and not adverbial_head and len(leading) >= 4)):
        candidates.append((last, body_end))
    if 2 <= len(leading) <= 6 and adverbial_head:
        candidates.append((0, first + 2))
    candidates = [(s, e) for s, e in candidates if len((text[:s] + text[e:]).split()) >= 4]
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    return _remove(text, start, end, "omission")


InjectFn = Callable[..., "Injection | None"]
INJECTIONS: dict[str, InjectFn] = {
    "number": replace_number,
    "name": replace_name,
    "name_removed": remove_name,
    "negation_added": add_negation,
    "negation_removed": remove_negation,
    "antonym": antonym,
    "addition": add_clause,
    "omission": drop_clause,
    "date": replace_date,
}
# Finding categories that, without a target span, may localize a removal.
REMOVAL_CATEGORIES = {"name_removed": {"name", "omission"}, "omission": {"omission"},
                      "negation_removed": {"omission", "addition"}}


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A correct segment pair and where it came from."""

    id: str
    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    origin: str  # corpus, seed, multi, po

    def record(self, tgt: str | None = None, suffix: str = "") -> dict[str, Any]:
        return {"id": self.id + suffix, "src": self.src, "tgt": self.tgt if tgt is None else tgt,
                "src_lang": self.src_lang, "tgt_lang": self.tgt_lang}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _aligned(src_doc, tgt_doc) -> list[tuple[Any, Any]]:
    from mtqa.sentences import paragraph_segments

    out = []
    for sp, tp in zip(paragraph_segments(src_doc), paragraph_segments(tgt_doc)):
        if len(sp) == len(tp):
            out.extend(zip(sp, tp))
    return out


def corpus_pairs(root: Path = ROOT) -> list[Pair]:
    """Correct 1-1 sentence pairs of ``corpora/*-en`` (same logic as bench_sentence_align)."""
    from mtqa.io import read_story

    pairs: list[Pair] = []
    for pair_dir in sorted(p.parent for p in (root / "corpora").glob("*/errors.json")):
        src_lang, tgt_lang = pair_dir.name.split("-")
        for src_file in sorted(pair_dir.glob(f"*.{src_lang}.txt")):
            story = src_file.name[: -len(f".{src_lang}.txt")]
            tgt_file = pair_dir / f"{story}.{tgt_lang}.txt"
            if not tgt_file.exists():
                continue
            segs = _aligned(read_story(src_file, src_lang), read_story(tgt_file, tgt_lang))
            for i, (s, t) in enumerate(segs):
                pairs.append(Pair(f"{pair_dir.name}/{story}#{i}", _nfc(s.text), _nfc(t.text), src_lang, tgt_lang,
                                  "corpus"))
    return pairs


def seed_pairs(root: Path = ROOT) -> list[Pair]:
    """Seed sentence pairs with no known error (seeds/known_errors.json) on either side."""
    from mtqa.io import read_story

    spec_path = root / "seeds" / "known_errors.json"
    if not spec_path.exists():
        return []
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    src_doc = read_story(root / spec["source_file"], spec["src_lang"])
    tgt_doc = read_story(root / spec["translation_file"], spec["tgt_lang"])

    def touched(seg, side: str) -> bool:
        return any(e.get(side) and seg.start < e[side]["end"] and e[side]["start"] < seg.end for e in spec["errors"])

    out = []
    for i, (s, t) in enumerate(_aligned(src_doc, tgt_doc)):
        if touched(s, "source_span") or touched(t, "target_span"):
            continue
        out.append(Pair(f"seed#{i}", _nfc(s.text), _nfc(t.text), spec["src_lang"], spec["tgt_lang"], "seed"))
    return out


def multilingual_pairs(root: Path = ROOT, pattern: str = "news_pairs_multilingual*.jsonl") -> list[Pair]:
    """The correct news sentence pairs of ``tests/data/{pattern}`` (many source languages) that
    translate into English."""
    out = []
    for path in sorted((root / "tests" / "data").glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item["tgt_lang"] == "en":
                    out.append(Pair(f"multi:{item['id']}", _nfc(item["src"]), _nfc(item["tgt"]), item["src_lang"], "en",
                                    "multi"))
    return out


def po_pairs(n: int, rng: random.Random, root: Path = ROOT) -> list[Pair]:
    """Up to ``n`` gettext UI-string pairs of 6-40 words (half with digits, where there are enough)
    from .mtqa-cache/po/{el,de}-en.tsv; none when the files are absent."""
    files = [root / ".mtqa-cache" / "po" / f"{lang}-en.tsv" for lang in ("el", "de")]
    files = [f for f in files if f.exists()]
    if not files or n <= 0:
        return []
    out: list[Pair] = []
    for k, path in enumerate(files):
        src_lang = path.name.split("-")[0]
        digit, plain = [], []
        for lineno, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
            if line.startswith("#") or "\t" not in line:
                continue
            src, tgt = (_nfc(x) for x in line.split("\t")[:2])
            if not (6 <= len(tgt.split()) <= 40) or not src or "%" in tgt or "\\n" in tgt or "<" in tgt:
                continue
            if not re.search(r"[A-Za-z]{3}", tgt) or tgt == src:
                continue
            (digit if re.search(r"\d", tgt) else plain).append((lineno, src, tgt))
        share = n // len(files) + (1 if k < n % len(files) else 0)
        take_digit = min(len(digit), share // 2)
        chosen = rng.sample(digit, take_digit) + rng.sample(plain, min(len(plain), share - take_digit))
        out.extend(Pair(f"po:{src_lang}:{lineno}", s, t, src_lang, "en", "po") for lineno, s, t in chosen)
    return out


def build_variants(pairs: Sequence[Pair], seed: int, types: Sequence[str] = tuple(INJECTIONS)
                   ) -> list[tuple[int, Injection]]:
    """Every applicable injection of every pair: (index of the pair, injection).

    Each (type, pair) uses its own ``random.Random`` seeded from ``seed``, the type and the pair id,
    so the variants do not depend on which other pairs or types are included.
    """
    pool = sorted(entity_pool(p.tgt for p in pairs if p.origin != "po"))
    names = {w for e in pool for w in e.split()}
    variants: list[tuple[int, Injection]] = []
    for kind in types:
        fn = INJECTIONS[kind]
        for i, pair in enumerate(pairs):
            rng = random.Random(f"{seed}:{kind}:{pair.id}")
            if kind == "name":
                inj = fn(pair.tgt, rng, [p for p in pool if p not in pair.tgt])
            elif kind == "addition":
                others = [p.tgt for p in sorted(pairs, key=lambda p: p.id)
                          if p.origin == pair.origin and p.id.split("#")[0] != pair.id.split("#")[0]]
                donors = rng.sample(others, min(20, len(others)))
                inj = fn(pair.tgt, rng, donors, names)
            else:
                inj = fn(pair.tgt, rng)
            if inj is not None and inj.tgt != pair.tgt:
                variants.append((i, inj))
    return variants


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


def _at_least(findings: Iterable[Any], severity: str) -> list[Any]:
    from mtqa.data import severity_rank

    return [f for f in findings if severity_rank(f.severity) >= severity_rank(severity)]


def localized(findings: Iterable[Any], inj: Injection) -> bool:
    """A finding >= major whose target span overlaps the injected span (for removals, also one
    with no target span whose category fits the removal)."""
    for f in _at_least(findings, "major"):
        span = f.target_span
        if span is not None and span.start < max(inj.end, inj.start + 1) and inj.start < span.end:
            return True
        if span is None and inj.removal and f.category in REMOVAL_CATEGORIES.get(inj.kind, set()):
            return True
    return False


def _finding_text(f: Any) -> str:
    return f"[{f.check}/{f.category}/{f.severity}] {f.message}"


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Build the pairs and variants, check them and gather the figures."""
    from mtqa.checks import check_pairs
    from mtqa.encoders import get_encoder

    rng = random.Random(args.seed)
    if args.heldout:
        pairs = multilingual_pairs(pattern="news_pairs_heldout.jsonl")
    else:
        pairs = corpus_pairs() + seed_pairs() + (multilingual_pairs() if args.multi else []) + po_pairs(args.po, rng)
    if args.max_pairs and len(pairs) > args.max_pairs:
        pairs = rng.sample(pairs, args.max_pairs)
    types = args.types.split(",") if args.types else list(INJECTIONS)
    checks = args.checks.split(",") if args.checks else None
    encoder = get_encoder(args.model)

    t0 = time.perf_counter()
    base_reports = list(check_pairs([p.record() for p in pairs], checks=checks, model=encoder))
    t_base = time.perf_counter() - t0

    variants = build_variants(pairs, args.seed, types)
    t0 = time.perf_counter()
    var_reports = list(check_pairs([pairs[i].record(inj.tgt, f"~{inj.kind}") for i, inj in variants],
                                   checks=checks, model=encoder))
    t_var = time.perf_counter() - t0

    base_major = [bool(_at_least(r.findings, "major")) for r in base_reports]
    base_minor = [bool(r.findings) for r in base_reports]
    alarm_messages: Counter[str] = Counter()
    alarm_checks: Counter[str] = Counter()
    alarm_examples: dict[str, str] = {}
    for pair, report in zip(pairs, base_reports):
        for f in _at_least(report.findings, "major"):
            key = _finding_text(f)
            alarm_messages[key] += 1
            alarm_checks[f"{f.check}/{f.category}"] += 1
            alarm_examples.setdefault(key, f"{pair.id}: {pair.tgt}")
    by_origin: dict[str, list[bool]] = defaultdict(list)
    for pair, flag in zip(pairs, base_major):
        by_origin[pair.origin].append(flag)

    stats: dict[str, dict[str, Any]] = {}
    missed: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (i, inj), report in zip(variants, var_reports):
        s = stats.setdefault(inj.kind, {"n": 0, "any": 0, "localized": 0, "n_clean": 0, "any_clean": 0})
        s["n"] += 1
        any_hit = bool(_at_least(report.findings, "major"))
        loc_hit = localized(report.findings, inj)
        s["any"] += any_hit
        s["localized"] += loc_hit
        if not base_major[i]:
            s["n_clean"] += 1
            s["any_clean"] += any_hit
        group = "news" if pairs[i].origin != "po" else "po"
        g = s.setdefault("by_origin", {}).setdefault(group, {"n": 0, "any": 0, "localized": 0})
        g["n"] += 1
        g["any"] += any_hit
        g["localized"] += loc_hit
        if not loc_hit:
            missed[inj.kind].append({
                "id": pairs[i].id, "origin": group, "src": pairs[i].src, "tgt": pairs[i].tgt, "variant": inj.tgt,
                "change": f"{inj.before!r} -> {inj.after!r}",
                "findings": [_finding_text(f) for f in report.findings],
            })
    for s in stats.values():
        s["any_rate"] = s["any"] / s["n"] if s["n"] else 0.0
        s["localized_rate"] = s["localized"] / s["n"] if s["n"] else 0.0
        s["any_clean_rate"] = s["any_clean"] / s["n_clean"] if s["n_clean"] else 0.0
    ex_rng = random.Random(args.seed)
    return {
        "seed": args.seed,
        "pairs": len(pairs),
        "pairs_by_origin": dict(Counter(p.origin for p in pairs)),
        "variants": len(variants),
        "false_alarms": {
            "major": sum(base_major) / len(pairs) if pairs else 0.0,
            "minor": sum(base_minor) / len(pairs) if pairs else 0.0,
            "major_by_origin": {k: sum(v) / len(v) for k, v in sorted(by_origin.items())},
        },
        "detection": {k: stats[k] for k in types if k in stats},
        "throughput": {
            "correct_pairs_per_s": len(pairs) / t_base if t_base else 0.0,
            "variant_pairs_per_s": len(variants) / t_var if t_var else 0.0,
            "threads": _threads(),
        },
        "top_false_alarms": [{"count": c, "finding": m, "example": alarm_examples[m]}
                             for m, c in alarm_messages.most_common(args.top)],
        "false_alarms_by_check": dict(alarm_checks.most_common()),
        "missed_examples": {k: _examples(v, args.examples, ex_rng) for k, v in missed.items()},
    }


def _examples(items: list[dict[str, Any]], n: int, rng: random.Random) -> list[dict[str, Any]]:
    """Up to ``n`` missed items, news ones (corpus and seed) first."""
    news = [x for x in items if x["origin"] == "news"]
    other = [x for x in items if x["origin"] != "news"]
    picked = rng.sample(news, min(n, len(news)))
    return picked + rng.sample(other, min(n - len(picked), len(other)))


def _threads() -> int:
    try:
        import torch

        return int(torch.get_num_threads())
    except Exception:  # pragma: no cover - torch is a dependency, but the figure is only informative
        return 0


def _rate(group: dict[str, int]) -> str:
    return f"{group['localized'] / group['n']:.1%}" if group["n"] else "-"


def _cut(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(result: dict[str, Any]) -> str:
    """The human-readable report."""
    lines = [
        f"pairs: {result['pairs']} {result['pairs_by_origin']}  variants: {result['variants']}  seed: {result['seed']}",
        "",
        f"{'error type':<18}{'n':>5}{'any':>8}{'local':>8}{'any|clean':>11}"
        f"{'news n':>8}{'news local':>12}{'po n':>6}{'po local':>10}",
    ]
    tot_n = tot_any = tot_loc = 0
    for kind, s in result["detection"].items():
        news = s.get("by_origin", {}).get("news", {"n": 0, "localized": 0})
        po = s.get("by_origin", {}).get("po", {"n": 0, "localized": 0})
        lines.append(f"{kind:<18}{s['n']:>5}{s['any_rate']:>8.1%}{s['localized_rate']:>8.1%}"
                     f"{s['any_clean_rate']:>11.1%}{news['n']:>8}{_rate(news):>12}{po['n']:>6}{_rate(po):>10}")
        tot_n, tot_any, tot_loc = tot_n + s["n"], tot_any + s["any"], tot_loc + s["localized"]
    if tot_n:
        lines.append(f"{'all':<18}{tot_n:>5}{tot_any / tot_n:>8.1%}{tot_loc / tot_n:>8.1%}")
    fa = result["false_alarms"]
    lines += [
        "",
        f"false alarms on correct pairs: >=major {fa['major']:.1%}  >=minor {fa['minor']:.1%}  "
        + "  ".join(f"{k} {v:.1%}" for k, v in fa["major_by_origin"].items()),
        f"throughput: {result['throughput']['correct_pairs_per_s']:.1f} pairs/s (correct pairs, cold caches), "
        f"{result['throughput']['variant_pairs_per_s']:.1f} pairs/s (variants), "
        f"{result['throughput']['threads']} torch threads",
    ]
    if result["top_false_alarms"]:
        lines += ["", "most frequent false alarms (>= major) on correct pairs:"]
        for item in result["top_false_alarms"]:
            lines.append(f"  {item['count']:>3}  {_cut(item['finding'])}")
            lines.append(f"       e.g. {_cut(item['example'])}")
    if result["missed_examples"]:
        lines += ["", "missed (not localized) injected errors, examples:"]
        for kind, items in result["missed_examples"].items():
            for item in items:
                lines.append(f"  {kind:<17} [{item['origin']}] {_cut(item['change'], 60)}")
                lines.append(f"  {'':<17} in: {_cut(item['variant'], 100)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="random seed (sampling and injections)")
    parser.add_argument("--max-pairs", type=int, default=None, help="use at most this many correct pairs")
    parser.add_argument("--no-multi", dest="multi", action="store_false",
                        help="leave out the multilingual news pairs of tests/data")
    parser.add_argument("--heldout", action="store_true",
                        help="only the held-out news pairs of tests/data/news_pairs_heldout.jsonl (150 pairs, 21 "
                             "source languages), kept out of development runs to measure how the checks generalize")
    parser.add_argument("--po", type=int, default=120, help="gettext pairs to sample when the cache exists (0: none)")
    parser.add_argument("--types", default=None, help=f"comma-separated error types (default: {','.join(INJECTIONS)})")
    parser.add_argument("--checks", default=None, help="comma-separated checks (default: all)")
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--top", type=int, default=10, help="false-alarm messages to list")
    parser.add_argument("--examples", type=int, default=3, help="missed examples to list per type")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    unknown = set(args.types.split(",")) - set(INJECTIONS) if args.types else set()
    if unknown:
        parser.error(f"unknown error types: {', '.join(sorted(unknown))}")
    result = run(args)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
