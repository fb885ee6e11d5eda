"""Facility names normalised, so that "Bungoma CRH" and "bungoma county referral hospital" are one site.

A Sites cell lists facilities separated by ``;`` and people write the same
facility many ways: abbreviations (CRH, SCH, HC, Disp, Hosp), hyphens
(Sub-county, Sub county, Subcounty), full stops (Mt. Elgon, H/C), British or
American spelling (Centre, Center), case and spacing. :func:`site_key` turns
each spelling into one key; two initiatives share a site when their sets of
keys meet. Entries that name no facility ("All facilities", "County-wide",
"N/A") get no key: every initiative could write them, so sharing them says
nothing about duplication.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SITE_SEPARATOR = ";"

SITE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "crh": ("county", "referral", "hospital"),
    "crth": ("county", "referral", "teaching", "hospital"),
    "cgh": ("county", "general", "hospital"),
    "sch": ("subcounty", "hospital"),
    "scrh": ("subcounty", "referral", "hospital"),
    "dh": ("district", "hospital"),
    "hc": ("health", "centre"),
    "hcs": ("health", "centre"),
    "disp": ("dispensary",),
    "dispy": ("dispensary",),
    "hosp": ("hospital",),
    "ref": ("referral",),
    "gen": ("general",),
    "mch": ("maternal", "child", "health"),
    "center": ("centre",),
    "centers": ("centre",),
    "centres": ("centre",),
    "mt": ("mount",),
    "st": ("saint",),
    "l4": ("level", "4"),
    "l5": ("level", "5"),
    "iv": ("4",),
    "v": ("5",),
}
"""Site words (lower case, punctuation removed) and what they stand for.

"MCH" in a Kenyan facility name is the maternal and child health clinic
("Bungoma CRH MCH"), so it expands to words rather than being dropped.
"""

_SITE_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("sub", "county"): ("subcounty",),
    ("h", "c"): ("health", "centre"),
    ("health", "center"): ("health", "centre"),
    ("medical", "centre"): ("health", "centre"),
}

_SITE_PHRASE_STARTS = frozenset(p[0] for p in _SITE_PHRASES)

_REWRITTEN = frozenset(SITE_ABBREVIATIONS) | _SITE_PHRASE_STARTS

NOT_A_SITE_WORDS = frozenset(
    "all the and of in at any every various other others facilities facility health county countywide wide "
    "subcounty subcounties community communities none nil na n a tbd tba whole entire sites site".split()
)
"""An entry made only of these words names no facility ("All health facilities", "County wide", "N/A")."""

_SPLIT = re.compile(r"[a-z0-9]+")
_ASCII_WORD_BYTES = bytes(c if chr(c).isascii() and (chr(c).islower() or chr(c).isdigit()) else 32 for c in range(256))
"""Every byte that is not a-z or 0-9 turned into a space: an ASCII text's words by one translate and split, twice as fast as
``_SPLIT.findall`` (site_words runs on every title, challenge, root cause and measure the overlaps compare)."""
_DOTTED = re.compile(r"(?<=\w)\.(?=\w)")


def fold(text: str) -> str:
    """Lower case without accents (Kenyan names are ASCII, pasted text sometimes is not)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def site_words(text: str) -> list[str]:
    """The words of a facility name with abbreviations spelled out ("Webuye SCH" -> webuye subcounty hospital)."""
    text = fold(text)
    if "." in text:
        text = _DOTTED.sub("", text)
    if "&" in text:
        text = text.replace("&", " and ")
    raw = text.encode().translate(_ASCII_WORD_BYTES).decode().split() if text.isascii() else _SPLIT.findall(text)
    if _REWRITTEN.isdisjoint(raw):
        return raw
    if _SITE_PHRASE_STARTS.isdisjoint(raw):
        return [w for word in raw for w in SITE_ABBREVIATIONS.get(word, (word,))]
    words: list[str] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        if word in _SITE_PHRASE_STARTS and i + 1 < len(raw) and (word, raw[i + 1]) in _SITE_PHRASES:
            words.extend(_SITE_PHRASES[(word, raw[i + 1])])
            i += 2
            continue
        expanded = SITE_ABBREVIATIONS.get(word)
        if expanded is None:
            words.append(word)
        else:
            words.extend(expanded)
        i += 1
    return words


@lru_cache(maxsize=1 << 16)
def site_key(name: str) -> str | None:
    """One key per facility however it is spelled; ``None`` when the entry names no facility."""
    words = site_words(name)
    if not words or all(w in NOT_A_SITE_WORDS for w in words):
        return None
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def site_keys(cell: object) -> frozenset[str]:
    """The keys of every facility in a Sites cell (entries separated by ``;``, also ``,`` or a new line)."""
    if not isinstance(cell, str) or not cell.strip():
        return frozenset()
    parts = re.split(r"[;,\n]", cell)
    return frozenset(k for k in (site_key(p) for p in parts) if k is not None)
