"""Cut a plan's lines into blocks (headings, list items, paragraphs) that keep their source line numbers."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from tracker.plans.parser.syllables import split_glued
from tracker.plans.parser.units import read_units

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_BULLET = re.compile(r"^\s*([-+*•●▪–])\s+(?=\S)")
_NUMBER = re.compile(r"^\s*(?P<m>[IVX]{1,4}|(?!(?:19|20)\d\d\b)\d{1,4}(?:\.\d{1,2})*|[a-zđ])(?P<p>[.)]|\s?[-–](?=\s))(?:\s+|(?=\*))(?=\S)")
_PAREN_NUMBER = re.compile(r"^\s*(\(\d{1,2}\))\.?\s+(?=[A-ZĐÀ-Ỹ])")
_RULE = re.compile(r"^\s*(?:[-_*=]\s*){3,}$")
_EMPHASIS = re.compile(r"\*{2,}|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|(?<!\w)__|__(?!\w)")
_CELL_GAP = re.compile(r"[ \t]*\t[ \t]*| {3,}")
_SPACES = re.compile(r"[^\S\t]+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"}
TERMINAL = ".;!?"
_TRAILING = " \t*\"'”’»)]¹²³⁴⁵⁶⁷⁸⁹⁰"


@dataclass
class Block:
    """A paragraph-like unit of text with the 1-based numbers of the lines it came from."""

    kind: str  # "heading", "item", "para", "rule"
    text: str
    lines: list[int]
    raw: list[str]
    offsets: list[int]
    marker: str | None = None
    style: str | None = None  # "roman", "arabic", "letter", "bullet"
    emphasised: bool = False  # Markdown heading or fully bold
    label: str | None = None  # the marker as written: "4.", "-", "a)"

    @property
    def span(self) -> tuple[int, int]:
        """First and last source line."""
        return self.lines[0], self.lines[-1]

    def line_at(self, offset: int) -> int:
        """The source line holding character `offset` of `text`."""
        return self.lines[max(0, bisect_right(self.offsets, offset) - 1)]


def clean_line(line: str) -> tuple[str, int, bool]:
    """Markdown off a line: (text, heading level, whether the whole line was bold or a heading)."""
    level = 0
    heading = _MD_HEADING.match(line)
    if heading:
        level, line = len(heading.group(1)), line[heading.end():]
    stripped = line.strip()
    bold = stripped.startswith(("**", "__")) and stripped.endswith(("**", "__")) and len(stripped) > 4
    text = _EMPHASIS.sub("", stripped) if "*" in stripped or "__" in stripped else stripped
    text = _ESCAPE.sub(r"\1", text) if "\\" in text else text
    if "\t" in text or "   " in text:
        text = _CELL_GAP.sub("\t", text.strip())  # a tab keeps side-by-side cells apart
    return split_glued(_SPACES.sub(" ", text).strip(" ")), level, bold or level > 0


def ends_sentence(text: str) -> bool:
    """Whether text ends with terminal punctuation (quotes, brackets and footnote marks aside)."""
    body = text.rstrip(_TRAILING)
    return bool(body) and body[-1] in TERMINAL


def _start(text: str) -> tuple[str | None, str | None, str | None, str]:
    """(marker, style, label, rest) of a line that starts a list item, else (None, None, None, text)."""
    if _RULE.match(text):
        return None, "rule", None, ""
    bullet = _BULLET.match(text)
    if bullet:
        return "-", "bullet", bullet.group(1), text[bullet.end():]
    counted = _PAREN_NUMBER.match(text)
    if counted:  # "(1) Tổ chức, cá nhân … phải lập …": a point under the numbered item above, like a bullet
        return "-", "bullet", counted.group(1), text[counted.end():]
    number = _NUMBER.match(text)
    if number:
        mark = number.group("m")
        style = ("roman" if mark in _ROMAN else None) if mark.isupper() else "letter" if mark.isalpha() else "arabic"
        if style:
            return mark, style, mark + number.group("p").strip(), text[number.end():].strip()
    return None, None, None, text


def split_blocks(lines: list[str]) -> list[Block]:
    """Blocks in order: a blank line ends one; a heading, list item or rule starts a new one; a paragraph
    cut by a page break (no final punctuation, then a line starting in lower case) is joined again."""
    blocks: list[Block] = []
    current: Block | None = None
    bold_open = False
    short = _short_line_limit(lines)
    for number, raw_line in enumerate(lines, start=1):
        opens = raw_line.count("**") % 2 == 1
        text, level, emphasised = clean_line(raw_line)
        emphasised = emphasised or (bold_open and raw_line.rstrip().endswith("**"))
        bold_open = bold_open != opens
        if not text:
            current = None
            continue
        marker, style, label, rest = _start(text.replace("\t", " "))
        if style == "rule":
            blocks.append(Block("rule", "", [number], [text], [0]))
            current = None
            continue
        if current is not None and marker is None and level == 0 and current.kind != "rule" \
                and not _starts_new(current.raw[-1], text, short if current.marker and len(current.lines) == 1 else 0) \
                and not (current.marker and len(current.lines) == 1 and text[:1].isupper()
                         and _names_only(current.text)):
            current.offsets.append(len(current.text) + 1)
            current.text = f"{current.text} {text.replace(chr(9), ' ')}"
            current.lines.append(number)
            current.raw.append(text)
            current.emphasised = current.emphasised and emphasised
            continue
        current = Block("item" if marker else "para", rest.replace("\t", " "), [number], [text], [0], marker, style,
                        emphasised, label)
        blocks.append(current)
    return _classify(_join_page_breaks(blocks))


_AUTHORITY_LINE = re.compile(r"^(?:T\.?M|T/M|KT|TL|TUQ|Q)\s*[./]?\s+[A-ZĐÀ-Ỹ]")


def _looks_like_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _names_only(text: str) -> bool:
    """Whether a numbered line is nothing but unit names ("4. Công an phường Vị Khê; Văn phòng HĐND và UBND
    phường"): a heading, whatever its length, so the capitalised line under it starts the task."""
    body = text.strip().rstrip(":.;").strip()
    if not body or body != body.rstrip(_TRAILING) or _looks_like_heading(body):
        return False
    found, end = read_units(body)
    return bool(found) and end >= len(body)


def _short_line_limit(lines: list[str]) -> int:
    """Length under which a line ends its paragraph: well short of the width the text is wrapped at (the
    length most long lines reach), so "1.2. Công an tỉnh" / "Kiểm tra, đôn đốc …" are two blocks."""
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20)
    if len(lengths) < 5:
        return 0
    width = lengths[int(len(lengths) * 0.9)]
    return int(max(width, 60) * 0.6)


def _starts_new(previous: str, line: str, short: int = 0) -> bool:
    """Whether `line` (no list marker, no blank line before it) starts a new block after `previous`:
    a signature line, a new sentence after one that ended, text after an upper-case heading line, or a
    capitalised line after a numbered line that stopped well short of the text's width ("1.2. Công an tỉnh")."""
    if _AUTHORITY_LINE.match(line) or line.lower().startswith(("nơi nhận", "lưu:", "lưu ")):
        return True
    if line.count("|") >= 2 or previous.count("|") >= 2 or ("|" in line and "|" in previous):
        return True  # table rows are one block each ("I | GIAI ĐOẠN 1" / "1 | Lập nhiệm vụ")
    starts_upper = line[:1].isupper()
    if starts_upper and short and len(previous.strip()) < short and not _looks_like_heading(previous) \
            and not _start(_EMPHASIS.sub("", previous).strip())[3].strip(" .:*"):
        pass  # a list marker alone on its line ("**9.**"): its text follows
    elif starts_upper and short and len(previous.strip()) < short and not _looks_like_heading(previous) \
            and not _looks_like_heading(line):
        return True
    return starts_upper and (ends_sentence(previous) or previous.rstrip().endswith(":")
                             or (_looks_like_heading(previous) != _looks_like_heading(line)))


def _join_page_breaks(blocks: list[Block]) -> list[Block]:
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (previous is not None and block.kind == "para" and not block.emphasised and block.text[:1].islower()
                and previous.kind in ("para", "item") and not previous.emphasised
                and not ends_sentence(previous.text) and not previous.text.rstrip(_TRAILING).endswith(":")
                and previous.text != previous.text.upper()):
            base = len(previous.text) + 1
            previous.offsets.extend(base + o for o in block.offsets)
            previous.text = f"{previous.text} {block.text}"
            previous.lines.extend(block.lines)
            previous.raw.extend(block.raw)
            continue
        joined.append(block)
    return joined


def _classify(blocks: list[Block]) -> list[Block]:
    """Numbered lines that are titles rather than paragraphs become headings."""
    for block in blocks:
        text = block.text.strip()
        short = len(text) <= 160 and not ends_sentence(text)
        if block.style == "roman" and text:
            block.kind = "heading"
        elif block.style in ("arabic", "letter") and text and (block.emphasised and len(text) <= 200
                                                               or text.endswith(":") or short):
            block.kind = "heading"
        elif block.kind == "para" and block.emphasised and short and len(block.lines) == 1:
            block.kind = "heading"
    return blocks
