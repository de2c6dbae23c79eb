"""Syllables a PDF text layer ran together ("chuẩn bịtài liệu", "ĐềnghịUBND xã", "Văn phòng Đảng uỷphối hợp").

Vietnamese writes one syllable per word, so a word holding two vowel groups, or a lower-case letter followed
by a capital, is two words glued. Only words with a Vietnamese letter (a diacritic or đ) and at least one
lower-case letter are touched: loanwords and abbreviations ("Internet", "VNeID", "HĐND") stay as written.
"""
import re
import unicodedata

_ONSETS = ("ngh", "ng", "nh", "ch", "tr", "th", "ph", "kh", "gh", "gi", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
_FINALS = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
_WORD = re.compile(r"[^\W\d_]+")


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch.lower())[0]


def _is_vowel(ch: str) -> bool:
    return ch.lower() != "đ" and _base(ch) in "aeiouy"


def _vietnamese(word: str) -> bool:
    return any(not ch.isascii() for ch in word) and any(ch.islower() for ch in word)


def _vowel_flags(word: str) -> list[bool]:
    """Which letters are the vowel nucleus: "u" after "q" and "i" after "g" before a vowel open the syllable."""
    flags = [_is_vowel(ch) for ch in word]
    for i, ch in enumerate(word):
        if i and flags[i] and ((ch.lower() == "u" and word[i - 1].lower() == "q") or
                               (ch.lower() == "i" and word[i - 1].lower() == "g" and i + 1 < len(word)
                                and _is_vowel(word[i + 1]))):
            flags[i] = False
    return flags


def _split_word(word: str) -> str:
    if not _vietnamese(word):
        return word
    # a capital after a lower-case letter: "bịHội", "ThịThuỳTrang", "ĐềnghịUBND"
    cuts = [i for i in range(1, len(word)) if word[i - 1].islower() and word[i].isupper()]
    if cuts:
        parts = [word[a:b] for a, b in zip([0] + cuts, cuts + [len(word)])]
        if all(any(_is_vowel(c) for c in p) or p.isupper() for p in parts):
            return " ".join(_split_word(p) for p in parts)
        return word
    flags = _vowel_flags(word)
    groups = []  # (start, end) of each vowel group
    for i, vowel in enumerate(flags):
        if vowel and (not i or not flags[i - 1]):
            groups.append([i, i + 1])
        elif vowel:
            groups[-1][1] = i + 1
    if len(groups) < 2:
        return word
    cuts = []
    for (_, end), (start, _) in zip(groups, groups[1:]):
        run = word[end:start].lower()
        cut = next((end + k for k in range(len(run) + 1)
                    if run[:k] in _FINALS and run[k:] in _ONSETS), None)
        if cut is None:
            return word  # not two Vietnamese syllables: leave it
        cuts.append(cut)
    pieces = [word[a:b] for a, b in zip([0] + cuts, cuts + [len(word)])]
    return " ".join(pieces)


def split_glued(text: str) -> str:
    """The text with run-together syllables spaced apart; unchanged when none is found."""
    if text.isascii():
        return text
    # a word run into a field label ("cộng đồngSố:", "đồngV/v") is a text box read twice: the header reads
    # those itself
    return _WORD.sub(lambda m: m.group(0) if text[m.end():m.end() + 1] in ("/", ":") and m.end() < len(text)
                     else _split_word(m.group(0)), text)
