"""Vietnamese text keys: tone-placement folding, accent-free search keys and Vietnamese sort order."""
from __future__ import annotations

import re
import unicodedata

# The five tone marks as combining characters (huyền, sắc, hỏi, ngã, nặng).
_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def nfc(text: str) -> str:
    """Unicode NFC with runs of whitespace collapsed to one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def _word_tone_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def name_key(text: str) -> str:
    """Exact-name comparison key: case-insensitive, tone placement folded, punctuation ignored.

    "Ủy ban" and "Uỷ ban", "Tòa án" and "Toà án" give the same key, because the tone mark is
    taken off the syllable and written once at its end. Other marks (ă, â, ê, ô, ơ, ư) and đ are
    kept, so "Ban" and "Bán" stay different words.
    """
    text = _NON_WORD.sub(" ", nfc(text).lower().replace("_", " "))
    return " ".join(_word_tone_key(w) for w in text.split())


def fold(text: str) -> str:
    """Accent-free search key: "Ủy ban Mặt trận" -> "uy ban mat tran" (đ -> d)."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d")
    return " ".join(_NON_WORD.sub(" ", stripped.replace("_", " ")).split())


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}


def sort_key(text: str) -> tuple:
    """Vietnamese collation: a < ă < â < b ... d < đ ..., then tone (none, huyền, sắc, hỏi, ngã, nặng)."""
    letters = []
    tones = []
    for word in nfc(text).lower().split():
        decomposed = unicodedata.normalize("NFD", word)
        tone = "0"
        base = []
        for ch in decomposed:
            if ch in _TONES:
                tone = {"2": "1", "1": "2", "3": "3", "4": "4", "5": "5"}[_TONES[ch]]
            else:
                base.append(ch)
        for ch in unicodedata.normalize("NFC", "".join(base)):
            letters.append(_ORDER.get(ch, 100 + ord(ch)))
        letters.append(-1)
        tones.append(tone)
    return tuple(letters), "".join(tones)


# Abbreviations that official texts and users write for the same bodies.
ABBREVIATIONS = {
    "mttq": "mặt trận tổ quốc",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "tand": "tòa án nhân dân",
    "vksnd": "viện kiểm sát nhân dân",
    "btv": "ban thường vụ",
    "bnc": "ban nội chính",
    "bcs": "ban cán sự",
    "ub": "ủy ban",
    "vp": "văn phòng",
    "tp": "thành phố",
    "ct-xh": "chính trị - xã hội",
    "tw": "trung ương",
    "đu": "đảng ủy",
    "ttcp": "thanh tra chính phủ",
    "hđnd&ubnd": "hội đồng nhân dân và ủy ban nhân dân",
}
_ABBR = re.compile(r"(?<![\w&/-])(" + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
                   + r")(?![\w&/-])", re.IGNORECASE)


def expand_abbreviations(text: str) -> str:
    """Spell out common abbreviations: "UB MTTQ tỉnh" -> "ủy ban mặt trận tổ quốc tỉnh"."""
    return _ABBR.sub(lambda m: ABBREVIATIONS[m.group(1).lower()], nfc(text))


def search_tokens(query: str) -> list[str]:
    """Accent-free tokens of a search query, abbreviations spelled out."""
    return fold(expand_abbreviations(query)).split()


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with "…" (never in the middle of a word)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–-") + "…"
