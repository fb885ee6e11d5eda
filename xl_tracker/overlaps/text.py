"""Text reduced to the words that carry its meaning, and the similarity of two such texts.

Two initiatives that do the same work are rarely written the same way:
"Reduce stock-outs of oxytocin at Bungoma CRH" and "Oxytocin availability in
the maternity" differ in word order, abbreviations, plural forms and filler.
So a text is first reduced to its content words (:class:`TextNormaliser`):
lower case, hyphens split, facility names of the workbook removed (where the
work happens is compared separately, as SAME-SITE), known phrases joined
("stock out" -> stockout, "community health volunteers" -> chv), stop words
dropped, synonyms mapped and a light stemmer applied. The words are then
compared with rapidfuzz's ``token_set_ratio`` (order-free, tolerant of a few
differing letters), behind one gate: the texts must share at least two
content words (or the whole of a one-word text). The gate keeps a single
shared word ("immunisation coverage" vs "immunisation data quality") from
counting as similar however short the texts are, and it is what lets
:mod:`~xl_tracker.overlaps.candidates` find every similar pair without
scoring all pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from xl_tracker.overlaps.sites import site_words
from xl_tracker.overlaps.words import PHRASES, STOP_WORDS, SYNONYMS

Words = tuple[str, ...]
"""The content words of a text: sorted, each once."""

_YEAR = re.compile(r"(19|20)\d\d")
_CODE = re.compile(r"[a-z]{1,4}\d{2,}")
"""Codes such as I01, M0012, OR12: IDs written into a text name a row, not what the text is about."""
_PHRASE_SIZES = {pair: tuple(sorted({len(p) for p in PHRASES if p[:2] == pair}, reverse=True)) for pair in {p[:2] for p in PHRASES}}
"""For the first two words of a phrase, the lengths of the phrases that start with them, longest first."""
_PHRASE_STARTS = frozenset(pair[0] for pair in _PHRASE_SIZES)

# One rule per word, the first that fits; the remaining stem keeps 3+ letters.
_SUFFIXES = (
    ("isations", "ize"), ("izations", "ize"), ("isation", "ize"), ("ization", "ize"), ("ising", "ize"),
    ("izing", "ize"), ("ised", "ize"), ("ized", "ize"), ("ises", "ize"), ("izes", "ize"), ("ise", "ize"),
    ("ations", ""), ("ation", ""), ("nesses", ""), ("ness", ""), ("ings", ""), ("ing", ""), ("sses", "ss"),
    ("ies", "y"), ("ied", "y"), ("ed", ""),
)


def stem(word: str) -> str:
    """A crude, consistent stem: plural, -ing, -ed, -isation/-ization and a final e go.

    Only consistency matters (both texts pass through it): "orders",
    "ordering" and "ordered" all become ``order``; "supervise" and
    "supervision" become ``supervis``.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
            word = word[:-1]
    if word.endswith("ion") and len(word) > 6:
        word = word[:-3]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


class TextNormaliser:
    """Turns free text into :data:`Words`, remembering every text it has seen.

    ``place_names`` are the facility names of the workbook (from every Sites
    cell) and the county name: their words are removed from the text where
    they appear as a whole, so "Waiting time at Bungoma CRH" and "Oxytocin at
    Bungoma CRH" do not look alike for sharing a place.
    """

    def __init__(self, place_names: Iterable[str] = ()) -> None:
        places: set[Words] = set()
        for name in place_names:
            words = tuple(site_words(name))
            if len(words) >= 2 or (len(words) == 1 and words[0] not in STOP_WORDS and len(words[0]) > 3):
                places.add(words)
        self._places = places
        self._place_lengths = sorted({len(p) for p in places}, reverse=True)
        self._place_starts = frozenset(p[0] for p in places)
        self._cache: dict[str, Words] = {}

    def words(self, text: object) -> Words:
        """The content words of ``text`` (empty for a blank or non-text cell)."""
        if not isinstance(text, str):
            return ()
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._normalise(text)
        return found

    def _normalise(self, text: str) -> Words:
        raw = site_words(text)
        if self._places:
            raw = self._without_places(raw)
        raw = _without_facility_names(raw)
        phrases: list[tuple[str, ...]] = []
        if not _PHRASE_STARTS.isdisjoint(raw):
            raw, phrases = _joined_phrases(raw)
        cache = _CONTENT_WORDS  # each word looked up without a call per word; a new word once through _word
        try:
            found = [cache[word] for word in raw]
        except KeyError:
            found = [_word(word) for word in raw]
        return _meaningful(set().union(*found, *phrases))

    def _without_places(self, raw: list[str]) -> list[str]:
        starts = self._place_starts
        if starts.isdisjoint(raw):
            return raw
        kept: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            if raw[i] in starts:
                for size in self._place_lengths:
                    if i + size <= n and tuple(raw[i : i + size]) in self._places:
                        i += size
                        break
                else:
                    kept.append(raw[i])
                    i += 1
            else:
                kept.append(raw[i])
                i += 1
        return kept


_CONTENT_WORDS: dict[str, tuple[str, ...]] = {}
"""Raw word -> :func:`_content_word`, shared by every normaliser of the process.

A word's content words depend on the word alone (not on the workbook's
places), so a roll-up's worker, which normalises one county after another,
stems "coverage" once rather than once per county.
"""
CONTENT_WORDS_KEPT = 200_000
"""Words remembered at most; past it the memory starts afresh (a long-running Excel session reads many workbooks)."""


def _word(word: str) -> tuple[str, ...]:
    found = _CONTENT_WORDS.get(word)
    if found is None:
        if len(_CONTENT_WORDS) >= CONTENT_WORDS_KEPT:
            _CONTENT_WORDS.clear()
        found = _CONTENT_WORDS[word] = _content_word(word)
    return found


FACILITY_HEADS = frozenset({"county", "subcounty", "hospital", "dispensary"})
"""Words that follow a place name: "Bungoma county", "Webuye subcounty hospital", "Sirisia health centre"."""


def _without_facility_names(raw: list[str]) -> list[str]:
    """Drop the word just before a facility head: the place name of a facility or (sub-)county not listed in Sites."""
    if FACILITY_HEADS.isdisjoint(raw) and "health" not in raw:
        return raw
    drop = set()
    for k in range(1, len(raw)):
        head = raw[k] in FACILITY_HEADS or (raw[k] == "health" and k + 1 < len(raw) and raw[k + 1] == "centre")
        if head and not raw[k - 1].isdigit():
            drop.add(k - 1)
    return [w for k, w in enumerate(raw) if k not in drop] if drop else raw


def _joined_phrases(raw: list[str]) -> tuple[list[str], list[tuple[str, ...]]]:
    """The words that are in no known phrase, and the joined words of each phrase (the longest that starts at a word)."""
    starts = [k for k, pair in enumerate(zip(raw, raw[1:])) if pair in _PHRASE_SIZES]  # most texts: none ("in the")
    if not starts:
        return raw, []
    rest: list[str] = []
    phrases: list[tuple[str, ...]] = []
    done, n = 0, len(raw)  # raw[:done] is sorted out
    for at in starts:
        if at < done:  # inside a phrase already joined
            continue
        for size in _PHRASE_SIZES[raw[at], raw[at + 1]]:
            phrase = PHRASES.get(tuple(raw[at : at + size])) if at + size <= n else None
            if phrase is not None:
                rest.extend(raw[done:at])
                phrases.append(phrase)
                done = at + size
                break
    rest.extend(raw[done:])
    return rest, phrases


def _meaningful(words: set[str]) -> Words:
    """Sorted words; none when only numbers are left ("Leading measure 1" says nothing to compare)."""
    if not words or "".join(words).isdigit():  # words are never empty strings: all digits when their concatenation is
        return ()
    return tuple(sorted(words))


def _content_word(word: str) -> tuple[str, ...]:
    """A raw word -> its canonical content words (none for a stop word); synonyms are stemmed like any word."""
    if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()) or (len(word) == 4 and _YEAR.fullmatch(word)):
        return ()
    mapped = SYNONYMS.get(word)
    if mapped is None:
        if _CODE.fullmatch(word):
            return ()
        mapped = SYNONYMS.get(stem(word), (word,))
    stems = (stem(w) for w in mapped if w not in STOP_WORDS)
    return tuple(w for w in stems if w not in STOP_WORDS)


def shares_enough(a: Words, b: Words) -> bool:
    """The gate: at least two shared words, or all of a one-word text."""
    need = min(2, len(a), len(b))
    if need == 0:
        return False
    if need == 1:
        return bool(set(a) & set(b))
    return len(set(a) & set(b)) >= 2


def similarity(a: Words, b: Words) -> float:
    """0-100: rapidfuzz ``token_set_ratio`` of the content words, 0 when the gate is not passed."""
    if not shares_enough(a, b):
        return 0.0
    from rapidfuzz.fuzz import token_set_ratio

    return float(token_set_ratio(" ".join(a), " ".join(b), processor=None))
