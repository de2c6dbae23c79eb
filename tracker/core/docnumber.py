"""The one parser of Vietnamese document numbers: party "463-KH/TU", state "160/KH-UBND", and none."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Type abbreviations used in numbers (Nghị định 30/2020 appendix III; Hướng dẫn 36-HD/VPTW).
TYPE_CODES = {
    "KL": "Kết luận", "CT": "Chỉ thị", "NQ": "Nghị quyết", "QĐ": "Quyết định", "QĐI": "Quy định",
    "KH": "Kế hoạch", "HD": "Hướng dẫn", "BC": "Báo cáo", "TB": "Thông báo", "TTR": "Tờ trình",
    "CV": "Công văn", "ĐA": "Đề án", "CTR": "Chương trình", "QC": "Quy chế", "NĐ": "Nghị định",
    "TT": "Thông tư", "L": "Luật", "PA": "Phương án", "BB": "Biên bản", "CĐ": "Công điện",
}

_SEP = r"\s*[-–]\s*"
_SYMBOL_PART = r"[A-Za-zĐđ0-9₀-₉()&]+(?:\s*[-–]\s*[A-Za-zĐđ0-9₀-₉()&]+)*"
_PARTY = re.compile(
    rf"^(?:(?P<number>\d{{1,6}})(?:{_SEP}|\s+)|[-–]\s*)(?P<type>[A-Za-zĐđ]{{1,5}})\s*/\s*(?P<issuer>{_SYMBOL_PART})$"
)
_STATE = re.compile(
    rf"^(?P<number>\d{{1,6}})?\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<symbol>{_SYMBOL_PART})$"
)
_PREFIX = re.compile(r"^\s*(?:s[ốo]\s*:?\s*)", re.IGNORECASE)

MAX_LENGTH = 60


class DocNumberError(ValueError):
    """A text that is not a document number; the message is Vietnamese and shown to users."""


@dataclass(frozen=True)
class DocNumber:
    """A parsed number: `number` is None for a draft ("Số: /KH-UBND")."""

    number: str | None
    type_code: str | None
    issuer_code: str
    style: str  # "party" or "state"
    year: int | None = None

    @property
    def symbol(self) -> str:
        """The part after the number: "KH/TU" for party, "KH-UBND" for state."""
        if self.style == "party":
            return f"{self.type_code}/{self.issuer_code}"
        parts = [str(self.year)] if self.year else []
        parts.append(f"{self.type_code}-{self.issuer_code}" if self.type_code else self.issuer_code)
        return "/".join(parts)

    def __str__(self) -> str:
        """Canonical spelling: "463-KH/TU", "160/KH-UBND", "/KH-UBND"."""
        if self.style == "party":
            return f"{self.number or ''}-{self.symbol}"
        return f"{self.number or ''}/{self.symbol}"

    @property
    def key(self) -> str:
        """Matching key: subscripts and dashes normalised, upper case, Đ kept."""
        return unicodedata.normalize("NFKC", str(self)).upper().replace("–", "-")

    @property
    def type_name(self) -> str | None:
        """Vietnamese name of the document type, when the code is known."""
        return TYPE_CODES.get((self.type_code or "").upper())


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").strip().strip(".,;:")
    text = _PREFIX.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


# Codes that are a document type only in "số/năm/ký hiệu" numbers ("09/2019/TT-BTC"); without a
# year "TT" is the issuer Thanh tra ("781/TT-NV1") and the number is a Công văn.
_TYPES_WITH_YEAR = {"TT", "NĐ", "L"}


def _split_symbol(symbol: str, has_year: bool) -> tuple[str | None, str]:
    parts = [p.strip() for p in re.split(r"[-–]", symbol, maxsplit=1)]
    code = parts[0].upper()
    if len(parts) == 2 and code in TYPE_CODES and parts[1] and (has_year or code not in _TYPES_WITH_YEAR):
        return parts[0], parts[1]
    return None, re.sub(r"\s*[-–]\s*", "-", symbol)


def parse_doc_number(text: str) -> DocNumber:
    """Parse a document number as written; raises DocNumberError with a Vietnamese message."""
    raw = _clean(text)
    if not raw:
        raise DocNumberError("Số, ký hiệu văn bản đang để trống.")
    if len(raw) > MAX_LENGTH:
        raise DocNumberError(f"Số, ký hiệu quá dài (tối đa {MAX_LENGTH} ký tự).")
    party = _PARTY.match(raw)
    if party and not re.fullmatch(r"\d+", party["issuer"]):
        code = party["type"]
        if code.upper() in TYPE_CODES or code.upper().startswith("Q"):
            return DocNumber(party["number"], code, re.sub(r"\s*[-–]\s*", "-", party["issuer"]), "party")
    state = _STATE.match(raw)
    if state:
        type_code, issuer = _split_symbol(state["symbol"], bool(state["year"]))
        if not re.search(r"[A-Za-zĐđ]", issuer):
            raise DocNumberError(f"“{raw}” không có ký hiệu cơ quan ban hành sau dấu “/”.")
        year = int(state["year"]) if state["year"] else None
        return DocNumber(state["number"], type_code, issuer, "state", year)
    if party:
        return DocNumber(party["number"], party["type"], party["issuer"], "party")
    raise DocNumberError(
        f"“{raw}” không phải số, ký hiệu văn bản hợp lệ. Ví dụ: 463-KH/TU (văn bản Đảng), "
        "160/KH-UBND (văn bản nhà nước), hoặc /KH-UBND khi chưa có số."
    )


def try_parse_doc_number(text: str) -> DocNumber | None:
    """Like parse_doc_number, but None instead of an error."""
    try:
        return parse_doc_number(text)
    except DocNumberError:
        return None


# A number inside running text: "Kết luận số 107-KL/TW ngày ...", "Văn bản số 781/TT-NV₁;". The match is
# only a candidate; parse_doc_number decides. Dates ("24/12/2024") never match: a symbol starts with a letter.
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9₀-₉]*(?:\([A-Za-z0-9]{1,4}\))?"
_PART = r"[-–][A-Za-zĐđ0-9₀-₉]+(?:&[A-Za-zĐđ0-9]+)*(?:\([A-Za-z0-9]{1,4}\))?"
_FIND = re.compile(
    rf"(?:(?<![\w/.–-])|(?<=[sS]ố))(?:\d{{1,6}}(?:[-–]|\s)[A-Za-zĐđ]{{1,5}}/{_CODE}(?:{_PART})*"
    rf"|\d{{1,6}}/(?:(?:19|20)\d\d/)?{_CODE}(?:{_PART})*)(?![\w/])"
)


@dataclass(frozen=True)
class FoundNumber:
    """A document number found in a text: where it is, how it was written, and what it parses to."""

    start: int
    end: int
    written: str
    number: DocNumber


def find_doc_numbers(text: str) -> list[FoundNumber]:
    """Every document number written in `text`, in order ("107 KL/TW", "160/KH-UBND", "781/TT-NV₁")."""
    found = []
    for match in _FIND.finditer(text or ""):
        parsed = try_parse_doc_number(match.group(0))
        if parsed is not None and parsed.number:
            found.append(FoundNumber(match.start(), match.end(), match.group(0), parsed))
    return found
