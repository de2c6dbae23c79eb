"""Read an uploaded or pasted plan (.docx, .txt, .md) into NFC text lines, refusing what cannot be read honestly.

PDFs and images go to core.scans (text layer, or OCR)."""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Bounded work per request: a plan of 300 pages is about 600,000 characters and 12,000 lines.
MAX_TEXT_CHARS = 600_000
MAX_LINES = 12_000
# A .docx is a zip: its parts' declared sizes bound what zipfile will inflate, so they are checked first.
MAX_DOCX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_DOCX_RATIO = 100
MAX_DOCX_PARTS = 2_000
TEXT_SUFFIXES = (".txt", ".md", ".markdown")

_MAGIC = [(b"\x89PNG\r\n\x1a\n", "ảnh PNG"), (b"\xff\xd8\xff", "ảnh JPEG"), (b"GIF8", "ảnh GIF"),
          (b"%PDF", "tệp PDF"), (b"{\\rtf", "tệp RTF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Word cũ (.doc)")]


class PlanTextError(ValueError):
    """A file or text that cannot become plan lines; `message` is Vietnamese, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _name(filename: str) -> str:
    return (filename or "").replace("\\", "/").rsplit("/", 1)[-1] or "tệp"


def _check_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise PlanTextError(f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB). Giới hạn là "
                            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB: hãy bỏ bớt ảnh, phụ lục rồi tải lên lại.")


def read_plan_bytes(data: bytes, filename: str, ocr: bool = False) -> list[str]:
    """Lines of an uploaded plan, NFC; raises PlanTextError with a Vietnamese message when it cannot. A PDF or
    an image goes to core.scans: a scan raises scans.NeedsOcr unless `ocr` asks to recognise it here."""
    data, name = data or b"", _name(filename)
    from tracker.core import scans

    kind = scans.kind_of(data, name) if data.strip() else None
    if kind:
        return scans.read_scan(data, name, kind, ocr)
    _check_size(len(data))
    if not data.strip():
        raise PlanTextError(f"Tệp “{name}” trống: không có nội dung để đọc.")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            hint = ("hãy mở bằng Word và lưu lại dưới dạng .docx" if "Word" in kind
                    else "hãy tải lên tệp .docx, .txt hoặc dán nội dung văn bản")
            raise PlanTextError(f"Tệp “{name}” là {kind}, không phải văn bản đọc được: {hint}.")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == ".docx":
        lines = _docx_lines(data, name)
    elif suffix in TEXT_SUFFIXES or not suffix:
        lines = text_to_lines(decode_plan_text(data, name))
    else:
        raise PlanTextError(f"Không đọc được tệp “{name}”: chỉ nhận tệp .docx, .txt, .md, .pdf "
                            "hoặc ảnh (JPG, PNG, HEIC).")
    if not any(line.strip() for line in lines):
        raise PlanTextError(f"Tệp “{name}” không có chữ nào để đọc.")
    check_plan_shape(lines)
    return _bounded(lines, f"Tệp “{name}”")


def read_plan_text(text: str) -> list[str]:
    """Lines of pasted text, with the same checks as an upload (size, empty, legacy encodings)."""
    _check_size(len((text or "").encode("utf-8")))
    if not (text or "").strip():
        raise PlanTextError("Chưa có nội dung: hãy dán văn bản kế hoạch hoặc tải tệp lên.")
    if len(text) > MAX_TEXT_CHARS:
        raise PlanTextError(_too_long("Nội dung dán vào", len(text), "ký tự", MAX_TEXT_CHARS))
    _refuse_legacy_text(text)
    lines = text_to_lines(text)
    check_plan_shape(lines)
    return _bounded(lines, "Nội dung dán vào")


_REPEAT_FLOOR = 1_000


def check_plan_shape(lines: list[str]) -> None:
    """Refuse what no plan looks like, before the parser spends minutes on it: more than MAX_LINES lines
    of text, or a thousand lines and more that are mostly one line repeated."""
    filled = [line.strip() for line in lines if line.strip()]
    if len(filled) >= _REPEAT_FLOOR:
        distinct = len(set(filled))
        if distinct * 10 < len(filled):
            top = max(set(filled), key=filled.count) if distinct < 50 else filled[0]
            raise PlanTextError(f"Văn bản có {_count(len(filled))} dòng nhưng chỉ {_count(distinct)} dòng khác nhau "
                                f"(ví dụ “{top[:60]}” lặp lại nhiều lần): có vẻ tệp bị sao chép lặp, "
                                "không phải một kế hoạch. Hãy kiểm tra lại nội dung.")
    if len(filled) > MAX_LINES:
        raise PlanTextError(f"Văn bản quá dài ({_count(len(filled))} dòng có chữ, giới hạn {_count(MAX_LINES)} dòng). "
                            "Hãy tách phụ lục, bảng số liệu ra và chỉ nhập phần kế hoạch.")


def _count(number: int) -> str:
    """Vietnamese thousands: 20000 -> "20.000"."""
    return f"{number:,}".replace(",", ".")


def _too_long(what: str, count: int, unit: str, limit: int) -> str:
    return (f"{what} quá dài ({count:,} {unit}; giới hạn {limit:,} {unit}). Hãy tách thành nhiều kế hoạch "
            f"hoặc bỏ bớt phụ lục rồi nhập lại.").replace(",", ".")


def _bounded(lines: list[str], what: str) -> list[str]:
    """Refuse a text the review could not handle in a request's time: too many characters or lines."""
    if len(lines) > MAX_LINES:
        raise PlanTextError(_too_long(what, len(lines), "dòng", MAX_LINES))
    chars = sum(len(line) for line in lines)
    if chars > MAX_TEXT_CHARS:
        raise PlanTextError(_too_long(what, chars, "ký tự", MAX_TEXT_CHARS))
    return lines


def text_to_lines(text: str) -> list[str]:
    """Split into lines (any line ending), NFC each, drop a BOM and trailing spaces."""
    text = (text or "").lstrip("\ufeff")
    return [unicodedata.normalize("NFC", line).rstrip() for line in re.split(r"\r\n|\r|\n", text)]


# --- encodings -------------------------------------------------------------------------------------------

# TCVN3 (ABC): one byte per Vietnamese letter; upper-case letters with tones reuse the lower-case codes.
_TCVN3 = dict(zip(bytes.fromhex("a1a2a3a4a5a6a7a8a9aaabacadaeb5b6b7b8b9bbbcbdbec6c7c8c9cacbcccecf"
                                "d0d1d2d3d4d5d6d7d8dcdddedfe1e2e3e4e5e6e7e8e9eaebecedeeeff1f2f3f4"
                                "f5f6f7f8f9fafbfcfdfe"),
                  "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"))
# VNI writes a base letter then a byte carrying its marks: "Vieät" is V-i-e-ä(circumflex + dot)-t.
_HAT, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
              "â": _HAT, "á": _HAT + "\u0301", "à": _HAT + "\u0300", "å": _HAT + "\u0309", "ã": _HAT + "\u0303",
              "ä": _HAT + "\u0323", "ê": _BREVE, "é": _BREVE + "\u0301", "è": _BREVE + "\u0300",
              "ú": _BREVE + "\u0309", "ü": _BREVE + "\u0303", "ë": _BREVE + "\u0323"}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_LETTERS.update({k.upper(): v.upper() for k, v in list(_VNI_LETTERS.items())})
_COMMON = set("của và các được trong thực hiện việt người không công nhân dân với những theo về đến hội tỉnh "
              "phường ủy uỷ kế hoạch đồng cấp quy định tổ chức đảng nhà nước cộng hòa hoà xã chủ nghĩa độc lập "
              "tự hạnh phúc số ngày tháng năm báo cáo nhiệm vụ đơn vị cơ quan này để có là tiếp giải quyết "
              "chỉ đạo lãnh triển khai tuyên truyền thị trưởng phó bộ sở ban".split())
_LEGACY = {"TCVN3": "TCVN3 (ABC, phông .VnTime)", "VNI": "VNI (phông VNI-Times)"}


def _decode_tcvn3(data: bytes) -> str:
    return "".join(_TCVN3.get(b, chr(b)) for b in data)


def _decode_vni(data: bytes) -> str:
    out: list[str] = []
    for ch in data.decode("latin-1"):
        base = unicodedata.normalize("NFD", out[-1])[0].lower() if out else ""
        if ch in _VNI_MARKS and base in "aeiouyơư" and base:
            out[-1] = unicodedata.normalize("NFC", out[-1] + _VNI_MARKS[ch])
        else:
            out.append(_VNI_LETTERS.get(ch, ch))
    return "".join(out)


def _score(text: str) -> int:
    words = re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())
    return sum(1 for w in words if w in _COMMON and not w.isascii())


def _legacy_of(data: bytes, baseline: int) -> str | None:
    """The legacy encoding `data` is written in, when decoding it so reads far more Vietnamese."""
    scores = {enc: _score(decode(data)) for enc, decode in (("TCVN3", _decode_tcvn3), ("VNI", _decode_vni))}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 3 and scores[best] > 2 * baseline else None


def _legacy_error(encoding: str) -> PlanTextError:
    return PlanTextError(
        f"Văn bản dùng bảng mã cũ {_LEGACY[encoding]} nên không đọc đúng được tiếng Việt. Hãy chuyển sang "
        f"Unicode (ví dụ trong Unikey: Công cụ chuyển mã, nguồn {encoding}, đích Unicode) rồi tải lên lại.")


def legacy_encoding_of(text: str) -> str | None:
    """ "TCVN3" or "VNI" when Unicode text is legacy bytes shown as Latin-1 ("Céng hoµ", "Vieät Nam")."""
    for codec in ("latin-1", "cp1252"):
        try:
            raw = text.encode(codec)
        except UnicodeEncodeError:
            continue
        return _legacy_of(raw, _score(text))
    return None


def legacy_message(encoding: str) -> str:
    """The Vietnamese explanation shown when a text is in a legacy encoding."""
    return _legacy_error(encoding).message


def _refuse_legacy_text(text: str) -> None:
    found = legacy_encoding_of(text)
    if found:
        raise _legacy_error(found)


def decode_plan_text(data: bytes, filename: str = "") -> str:
    """Text of a plain-text plan: UTF-8 (with or without BOM), UTF-16, or Windows-1258; TCVN3/VNI refused."""
    name = _name(filename)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        encoding = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else (
            "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise PlanTextError(f"Tệp “{name}” ghi UTF-16 nhưng bị hỏng, không đọc được.") from exc
    elif b"\x00" in data:
        raise PlanTextError(f"Tệp “{name}” không phải văn bản (có dữ liệu nhị phân).")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
            found = _legacy_of(data, _score(text))
            if found:
                raise _legacy_error(found) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 100):
        raise PlanTextError(f"Tệp “{name}” không phải văn bản (có dữ liệu nhị phân).")
    _refuse_legacy_text(text)
    return unicodedata.normalize("NFC", text)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) > len(sample) // 4 and min(odd, even) <= len(sample) // 40


# --- .docx -----------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a zip bomb before anything is inflated: too many parts, too large or too compressed in total."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PlanTextError(_broken(name)) from exc
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if len(infos) > MAX_DOCX_PARTS or total > MAX_DOCX_UNCOMPRESSED or total / packed > MAX_DOCX_RATIO:
        raise PlanTextError(f"Tệp “{name}” bung ra quá lớn ({total / 1024 / 1024:,.0f} MB từ "
                            f"{len(data) / 1024 / 1024:,.1f} MB): không phải tài liệu Word thông thường, "
                            "không đọc. Hãy mở bằng Word, lưu lại rồi tải lên.")


def _broken(name: str) -> str:
    return f"Tệp “{name}” không phải tài liệu Word (.docx) hợp lệ hoặc đã bị hỏng."


def _docx_lines(data: bytes, name: str) -> list[str]:
    _check_zip(data, name)
    try:
        return _read_docx(data, name)
    except PlanTextError:
        raise
    except Exception as exc:  # python-docx and lxml raise zip, key, value and XML syntax errors for a bad package
        raise PlanTextError(_broken(name)) from exc


def _read_docx(data: bytes, name: str) -> list[str]:
    import docx

    document = docx.Document(io.BytesIO(data))
    # Reading costs per paragraph (styles, numbering): count them first, the parse itself is lxml's and fast.
    blocks = len(document.element.body.xpath("./w:p | ./w:tbl/w:tr"))
    if blocks > MAX_LINES:
        raise PlanTextError(_too_long(f"Tệp “{name}”", blocks, "đoạn", MAX_LINES))
    reader = _DocxReader(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            lines.extend(reader.paragraph(child))
        elif child.tag == _W + "tbl":
            lines.extend(reader.table(child))
    notes = reader.footnotes()
    if notes:
        lines.append("")
        lines.extend(notes)
    return text_to_lines("\n".join(lines))


class _DocxReader:
    """Paragraph text with list numbers and heading marks, tables, and footnotes, in document order."""

    def __init__(self, document):
        self.document = document
        self.counters: dict[tuple[str, int], int] = {}
        self.note_numbers: dict[str, int] = {}

    def _text(self, element) -> str:
        parts = []
        for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "footnoteReference"):
            tag = node.tag[len(_W):]
            if tag == "t":
                parts.append(node.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            else:
                number = self.note_numbers.setdefault(node.get(_W + "id"), len(self.note_numbers) + 1)
                parts.append(str(number).translate(_SUPERSCRIPT))
        return "".join(parts)

    def _style(self, element):
        style_id = element.find(f"{_W}pPr/{_W}pStyle")
        try:
            return self.document.styles.element.get_by_id(style_id.get(_W + "val")) if style_id is not None else None
        except (KeyError, AttributeError):
            return None

    def _list_label(self, element, style) -> str:
        num_pr = element.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None and style is not None:
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
        num_el = num_pr.find(_W + "numId") if num_pr is not None else None
        num = (num_el.get(_W + "val") or "0") if num_el is not None else "0"
        if not num.isdigit() or num == "0":
            return ""
        level_el = num_pr.find(_W + "ilvl")
        level = int(level_el.get(_W + "val") or 0) if level_el is not None else 0
        fmt = self._format(num, level)
        if fmt in ("bullet", "none", None):
            return "- "
        count = self.counters.get((num, level), 0) + 1
        self.counters = {k: v for k, v in self.counters.items() if k[0] != num or k[1] <= level}
        self.counters[(num, level)] = count
        label = {"upperRoman": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][(count - 1) % 10],
                 "lowerLetter": chr(97 + (count - 1) % 26), "upperLetter": chr(65 + (count - 1) % 26)}
        return f"{label.get(fmt, str(count))}{')' if fmt == 'lowerLetter' else '.'} "

    def _format(self, num: str, level: int) -> str | None:
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return None
        abstract = numbering.xpath(f'./w:num[@w:numId="{num}"]/w:abstractNumId/@w:val')
        found = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]'
                                f'/w:numFmt/@w:val') if abstract and abstract[0].isdigit() else []
        return str(found[0]) if found else None

    def paragraph(self, element) -> list[str]:
        """A paragraph's lines: "#" marks for Heading styles, "1. "/"- " for list numbering."""
        text = self._text(element)
        style = self._style(element)
        style_name = style.name_val if style is not None else ""
        heading = re.fullmatch(r"[Hh]eading\s*(\d)", style_name or "")
        prefix = "#" * int(heading.group(1)) + " " if heading else "# " if style_name == "Title" else ""
        prefix += self._list_label(element, style) if text.strip() else ""
        return (prefix + text).split("\n")

    def table(self, element) -> list[str]:
        """A layout table (two columns or fewer: header, signature) as each cell's lines; a task table as
        one "a | b | c" line per row."""
        rows = [r.findall(_W + "tc") for r in element.findall(_W + "tr")]
        filled = {k for cells in rows for k, c in enumerate(cells) if self._text(c).strip()}
        layout = max(map(len, rows), default=0) <= 2 or len(filled) <= 2 or self._is_header(rows)
        lines: list[str] = []
        for cells in rows:
            cells = [c for k, c in enumerate(cells) if k in filled] if layout else cells
            if layout:
                for cell in cells:
                    lines += [line for p in cell.iter(_W + "p") for line in self.paragraph(p)] + [""]
            else:
                lines.append(" | ".join(" ".join(self._text(p) for p in c.iter(_W + "p")).replace("\n", " ").strip()
                                        for c in cells))
        return lines + [""]

    def _is_header(self, rows) -> bool:
        """The issuer/motto block laid out in three or more columns (an empty spacer column, a separate
        "Số" column): its cells are read one after another like a two-column layout."""
        head = " ".join(self._text(c) for c in (rows[0] if rows else []))
        return len(rows) <= 4 and bool(re.search(r"(?i)cộng\s+h[oò]à?\s+xã\s+hội|đảng\s+cộng\s+sản", head))

    def footnotes(self) -> list[str]:
        """The texts of the footnotes cited, numbered in order of citation: "¹ Chỉ thị số ..."."""
        part = next((p for p in self.document.part.package.iter_parts()
                     if str(p.partname) == "/word/footnotes.xml"), None)
        if part is None or not self.note_numbers:
            return []
        from lxml import etree

        notes = {n.get(_W + "id"): n for n in etree.fromstring(part.blob).iter(_W + "footnote")}
        out = []
        for note_id, number in sorted(self.note_numbers.items(), key=lambda item: item[1]):
            if note_id in notes:
                text = " ".join("".join(t.text or "" for t in p.iter(_W + "t")) for p in notes[note_id].iter(_W + "p"))
                out.append(f"{str(number).translate(_SUPERSCRIPT)} {text.strip()}")
        return out
