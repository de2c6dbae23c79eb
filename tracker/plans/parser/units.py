"""Unit names in plan text ("Văn phòng HĐND và UBND phường", "các cơ quan, đơn vị có liên quan"), read by rule."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.core.vntext import fold, name_key

# Heads a unit name starts with. Flags: "c" complete on its own ("Tỉnh ủy"), "u" only when written with a
# capital ("Lãnh đạo", never the verb "lãnh đạo"), "g" a generic noun for groups ("các cơ quan").
_HEADS = """
ủy ban nhân dân|c;ubnd|c;hội đồng nhân dân|c;hđnd|c;ủy ban mặt trận tổ quốc|c;ủy ban mttq|c;ub mttq|c;ubmttq|c
mặt trận tổ quốc|c;mttq|c;ủy ban kiểm tra|c;ban thường vụ|c;btv|c;ban chấp hành|c;ban nội chính|c
ban tuyên giáo|c;ban dân vận|c;ban tổ chức|c;ban cán sự đảng;ban tiếp công dân|c;ban bí thư|c
ban xây dựng đảng|c;ủy ban|u;ban chỉ đạo;ban quản lý;ban chỉ huy quân sự;bộ chỉ huy quân sự;bộ chính trị|c;bộ phận
văn phòng;thanh tra chính phủ|c;thanh tra;trung tâm;công an;tòa án nhân dân;tòa án;viện kiểm sát nhân dân
viện kiểm sát;đảng ủy;đảng đoàn;đảng bộ;chi bộ;tỉnh ủy|c;thành ủy|c;huyện ủy|c;quận ủy|c;thị ủy|c
tỉnh đoàn|c;thành đoàn|c;đoàn thanh niên;hội liên hiệp phụ nữ;hội nông dân;hội cựu chiến binh
liên đoàn lao động;đài phát thanh;tổ dân phố;tổ công tác|c;chi cục;tổng cục;cục|u;vụ|u;sở|u;bộ|u;ban|u
phòng|u;báo|u;đài|u;kho bạc nhà nước;bảo hiểm xã hội;quốc hội|c;chính phủ|c;thủ tướng chính phủ|c
văn phòng chính phủ|c;trung ương|c;chủ tịch|up;phó chủ tịch|up;thường trực|u;lãnh đạo|up;bí thư|up;phó bí thư|up
thủ trưởng|up;giám đốc|up;trưởng ban|up;viện|u;tạp chí|u;học viện|u
tổ đảng;bộ tư lệnh;ngân hàng nhà nước|c;ngân hàng chính sách xã hội|c;ngân hàng|u;công ty|u;tổng công ty|u
tập đoàn|u;vườn quốc gia|u;khu bảo tồn|u;thuế tỉnh|c;thuế thành phố|c;thuế cơ sở;thuế|u;hải quan|u;báo và phát thanh, truyền hình|c;đoàn đại biểu quốc hội|c;đoàn đbqh|c
đại biểu quốc hội|c;đại biểu hội đồng nhân dân|c;viễn thông|u;bưu điện|u;điện lực|u
cấp ủy|g;tổ chức đảng|g;doanh nghiệp|g;tổ chức chính trị - xã hội|g;tổ chức chính trị xã hội|g;tổ chức|g;cơ quan|g
đơn vị|g;địa phương|g;chính quyền|g;đoàn thể|g;ngành|g;cán bộ|g;công chức|g;đồng chí|g;người đứng đầu|g
đảng viên|g;đoàn viên|g;hội viên|g;trường học|g;thôn|g;khu phố|g
"""
_LEVELS = ["thành phố", "thị xã", "thị trấn", "đặc khu", "trung ương", "cấp tỉnh", "cấp xã", "cấp huyện",
           "cấp cơ sở", "các cấp", "cơ sở", "khu vực", "tỉnh", "phường", "xã", "huyện", "quận"]
_NAME_WORDS = ["chính trị - xã hội", "chính trị xã hội", "có liên quan", "liên quan", "chuyên môn", "chức năng",
               "nội chính", "dân cử", "nghiệp vụ", "hành chính công", "sự nghiệp công", "đoàn thể", "thành viên",
               "nhân dân", "cảnh sát biển", "cảnh sát", "chủ quản", "trực thuộc", "thuộc", "của", "ở"]
_OFFICE_PAIRS = ["hđnd", "ubnd", "hội đồng nhân dân", "ủy ban nhân dân", "đoàn đbqh"]
_TOKEN = re.compile(r"[A-ZĐ]{2,}(?:[,&][A-ZĐ]{2,})+|\w+(?:&\w+)*|[^\w\s]")  # "TN&MT", "KH,CN&MT": one word


@lru_cache(maxsize=8192)
def _word_key(word: str) -> str:
    return name_key(word) if re.match(r"\w", word) else word


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(_word_key(w) for w in _TOKEN.findall(phrase))


def _by_first(table):
    index: dict[str, list] = {}
    for entry in table:
        seq = entry[0] if isinstance(entry[0], tuple) else entry
        index.setdefault(seq[0], []).append(entry)
    return index


_HEAD_TABLE = sorted(((_keys(p.split("|")[0]), (p.split("|") + [""])[1]) for line in _HEADS.strip().splitlines()
                      for p in line.split(";") if p), key=lambda h: -len(h[0]))
_LEVEL_TABLE = sorted((_keys(p) for p in _LEVELS), key=len, reverse=True)
_NAME_TABLE = sorted((_keys(p) for p in _NAME_WORDS), key=len, reverse=True)
_OFFICE_TABLE = [_keys(p) for p in _OFFICE_PAIRS]
_HEAD_INDEX = _by_first(_HEAD_TABLE)
_TABLE_INDEX = {id(t): _by_first(t) for t in (_LEVEL_TABLE, _NAME_TABLE, _OFFICE_TABLE)}


def _k(*words: str) -> set[str]:
    return {name_key(w) for w in words}


_SEPARATORS = {",", ";", "&"} | _k("và")
_PLURAL = _k("các", "những")
_AND = name_key("và")
_CAC = name_key("các")
_LINKS = _k("thuộc", "trực", "của", "ở")
_BARE_GROUP_BLOCKED = _k("cán", "công", "đồng", "người", "đảng", "đoàn", "hội", "trường", "tổ", "ngành", "địa",
                         "thôn", "khu", "doanh")
_GROUP_LIST_WORDS = _k("ban", "sở", "phòng", "bộ")
# Last words of generic nouns: another may follow without a comma ("cơ quan đơn vị", "cán bộ công chức").
_GENERIC_ENDS = {seq[-1] for seq, flags in _HEAD_TABLE if "g" in flags}


@dataclass(frozen=True)
class Found:
    """A unit name found in a text: its span (characters), cleaned name, parenthetical note, group flag."""

    start: int
    end: int
    name: str
    note: str | None
    is_group: bool


class _Tokens:
    """Words and punctuation of a text with their spans and name keys; word/key/cap/match look at token i."""

    def __init__(self, text: str):
        self.text = text
        self.items = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.keys = [_word_key(t) for t, _, _ in self.items]

    def __len__(self):
        return len(self.items)

    def word(self, i: int) -> str:
        return self.items[i][0] if i < len(self.items) else ""

    def key(self, i: int) -> str:
        return self.keys[i] if i < len(self.keys) else ""

    def cap(self, i: int) -> bool:
        w = self.word(i)
        return bool(w) and (w[0].isupper() or w[0].isdigit()) and w[0] not in "(-–"

    def match(self, i: int, table) -> int:
        for seq in _TABLE_INDEX[id(table)].get(self.key(i), ()):
            if tuple(self.keys[i:i + len(seq)]) == seq:
                return len(seq)
        return 0

    def head(self, i: int, start: bool, plural: bool = False) -> tuple[int, str] | None:
        """Length and flags of the head at i, or None. A capital-only head ("Sở", "Lãnh đạo") needs its
        capital, and a one-word one a capitalised word after it, unless it follows "các" ("các sở, ban")."""
        for seq, flags in _HEAD_INDEX.get(self.key(i), ()):
            if tuple(self.keys[i:i + len(seq)]) != seq:
                continue
            listed = plural and seq[0] in _GROUP_LIST_WORDS
            lower_office = seq == _PHONG and self.cap(i + 1)  # "giao phòng Quản lý Công nghiệp"
            if "u" in flags and not listed and not lower_office \
                    and not (self.cap(i) and (len(seq) > 1 or self.cap(i + 1))):
                continue
            if not start and "g" in flags:
                continue
            return len(seq), flags
        return None


_VAN_PHONG = _keys("văn phòng")
_PHONG = _keys("phòng")
_CO_QUAN = _keys("cơ quan")
_PARTY_BODIES = {_keys(p) for p in ("đảng ủy", "đảng bộ", "chi bộ")}
_DEPARTMENTS = {_keys(w)[0] for w in ("sở", "bộ", "phòng", "cục", "vụ")}
_COLLECTIVE = [_keys(p) for p in ("ban cán sự đảng", "đảng đoàn", "đảng ủy", "ban thường vụ", "chi bộ")]


def _second_syllable(t: _Tokens, i: int) -> bool:
    """Whether the lower-case word at i ends the name (a comma, semicolon, "và", a capital or the end next)."""
    nxt = t.key(i + 1)
    return _lower_word(t, i) and not t.match(i, _LEVEL_TABLE) and not t.head(i, False) \
        and not t.match(i, _NAME_TABLE) and not _stop_at(t, i, _STOP_WORDS) \
        and (i + 1 >= len(t) or nxt in (",", ";", ".", ":", ")", _AND) or t.cap(i + 1)
             or _stop_at(t, i + 1, _ROLE_VERBS) or _stop_at(t, i + 1, _TASK_VERBS))


def _list_ends(t: _Tokens, i: int) -> bool:
    """Whether the level at token i closes a list of levels ("xã, phường" then a separator or qualifier)."""
    after = i + t.match(i, _LEVEL_TABLE)
    return after >= len(t) or t.key(after) in (",", ";", ".", ":", ")", _AND) or bool(t.match(after, _NAME_TABLE)) \
        or (t.key(after) == "," and bool(t.match(after + 1, _LEVEL_TABLE)))


def _lower_word(t: _Tokens, i: int) -> bool:
    w = t.word(i)
    return bool(re.match(r"[^\W\d_]", w)) and w[0].islower()


# Words that end a name written in sentence case ("Cục Biến đổi khí hậu chủ trì"): verbs and prepositions.
_ROLE_VERBS = [_keys(p) for p in ("chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "tham mưu", "là",
                                   "được", "thực hiện", "theo dõi", "hướng dẫn", "cùng", "phụ trách")]
_STOP_WORDS = _ROLE_VERBS + [_keys(p) for p in (
    "tổ chức", "triển khai", "kiểm tra", "báo cáo", "xây dựng", "đôn đốc", "rà soát", "tiếp tục", "chỉ đạo",
    "nghiên cứu", "cung cấp", "giúp", "đề xuất", "trình", "bố trí", "tăng cường", "làm", "với", "trong", "trên",
    "tại", "về", "để", "theo", "của", "các", "những", "đối với", "khi", "nếu", "bảo đảm", "đảm bảo", "quản lý",
    "gửi", "ban hành", "phát huy", "lãnh đạo", "và", "hoặc", "từ", "đến", "trước", "sau", "nhằm", "thì")]


# Verbs that open a task and never sit inside a sentence-case name ("… phối hợp với Sở Nông nghiệp và Môi trường
# triển khai thực hiện …"), unlike "xây dựng" or "quản lý" ("Vụ Vật liệu xây dựng chủ trì").
_TASK_VERBS = [_keys(p) for p in ("triển khai", "nghiên cứu", "chủ động", "khẩn trương", "tiếp tục", "hoàn thiện",
                                   "hoàn thành", "trong quá trình", "trong việc", "trong công tác")]


def _stop_at(t: _Tokens, j: int, table) -> bool:
    return any(tuple(t.keys[j:j + len(seq)]) == seq for seq in table)


def _lower_tail(t: _Tokens, i: int) -> int:
    """How many lower-case words from token i still belong to a name written in sentence case: all of them
    up to the clause's end when none is a verb or preposition ("Cục Kiểm soát ô nhiễm môi trường,"), or those
    before a role verb ("Vụ Vật liệu xây dựng chủ trì"); at most five."""
    j = i
    while j < len(t) and j - i <= 5 and _lower_word(t, j) and t.key(j) != _AND:
        j += 1
    span = range(i, j)
    boundary = j >= len(t) or t.key(j) in (",", ";", ".", ":", ")", "(", "-", "–", _AND) or t.cap(j)
    if boundary and 0 < j - i <= 5 and not any(_stop_at(t, k, _STOP_WORDS) or _stop_at(t, k, _TASK_VERBS)
                                               for k in span):
        return j - i
    role = next((k for k in span if _stop_at(t, k, _ROLE_VERBS)), None)
    verb = next((k for k in span if _stop_at(t, k, _TASK_VERBS)), None)
    if verb is not None and (role is None or verb < role):
        role = verb
    if role is not None and 0 < role - i <= 4:
        return role - i
    return 0


def _read_one(t: _Tokens, i: int) -> tuple[int, bool, tuple[int, int] | None] | None:
    """Read one name from token i: (end token, is_group, note token span) or None."""
    opened = False
    while t.key(i) in _PLURAL:
        opened, i = True, i + 1
    head = t.head(i, start=True, plural=opened)
    if head is None:
        return None
    head_start, flags = i, head[1]
    if "g" in flags and not opened and t.key(i) in _BARE_GROUP_BLOCKED:
        return None
    i += head[0]
    if tuple(t.keys[head_start:i]) in _PARTY_BODIES and tuple(t.keys[i:i + 2]) == _CO_QUAN:
        i += 2  # "Đảng ủy cơ quan Văn phòng Quốc hội"
        flags += "c"
    group = opened or "g" in flags
    qualified = opened or "c" in flags
    after_level = "c" in flags  # place names follow: every word capitalised, no lowercase syllable
    fresh = not after_level  # the next capitalised word starts a name ("Ban Tuyên giáo", "Sở Tư pháp")
    note = None
    while i < len(t):
        key = t.key(i)
        if key == "(":
            close = next((j for j in range(i + 1, min(i + 14, len(t))) if t.key(j) == ")"), None)
            if close is None or close == i + 1:
                break
            note, i = (i + 1, close), close + 1
            continue
        if t.cap(i) and key == t.key(head_start) and key in _DEPARTMENTS and t.cap(i + 1) and i > head_start + 1:
            break  # "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ": two names side by side
        embedded = t.head(i, start=False)
        if embedded:
            i, qualified = i + embedded[0], True
            after_level = after_level or "c" in embedded[1]
            fresh = "c" not in embedded[1]
            continue
        n = t.match(i, _NAME_TABLE)
        if n and (key not in _LINKS or t.head(i + n, True) or t.match(i + n, _LEVEL_TABLE)
                  or t.cap(i + n)):
            i, qualified, fresh = i + n, True, False
            continue
        n = t.match(i, _LEVEL_TABLE)
        if n:
            listed = t.key(i - 1) == _CAC
            group = group or listed
            i, qualified, after_level, fresh = i + n, True, True, False
            while t.key(i) == "," and t.match(i + 1, _LEVEL_TABLE) and (listed or _list_ends(t, i + 1)):
                i, group = i + 1 + t.match(i + 1, _LEVEL_TABLE), True  # "UBND xã, phường": one group
            continue
        if key == _CAC and (t.match(i + 1, _LEVEL_TABLE) or t.head(i + 1, True, plural=True)):
            i += 1
            group = group or "p" in flags  # "Thủ trưởng các sở, ban, ngành": the heads of several bodies
            inner = t.head(i, True, plural=True)
            if inner and ("g" in inner[1] or t.key(i) in _GROUP_LIST_WORDS):
                i, qualified = i + inner[0], True
            continue
        if group and (t.head(i, True) or (0, ""))[1] == "g" and t.keys[i - 1] in _GENERIC_ENDS:
            i, qualified = i + t.head(i, True)[0], True
            continue
        if t.cap(i):
            i, qualified = i + 1, True
            if fresh and not after_level and t.word(i - 1)[0].isalpha() and _lower_word(t, i) \
                    and not t.match(i, _LEVEL_TABLE) and not t.head(i, False) and not t.match(i, _NAME_TABLE):
                i += max(1, _lower_tail(t, i))
            elif not after_level and t.word(i - 1)[0].isalpha() and _second_syllable(t, i):
                i += 1  # "Phòng Quản lý Công nghiệp;": the capitalised word's own second syllable
            fresh = False
            continue
        if key in ("-", "–") and re.match(r"\w", t.word(i + 1)):
            i += 1
            if _lower_word(t, i):
                i += 1 + (_lower_word(t, i + 1) and not t.match(i + 1, _LEVEL_TABLE))
            fresh = True
            continue
        if key == _AND:
            office = tuple(t.keys[head_start:head_start + 2]) == _VAN_PHONG and t.match(i + 1, _OFFICE_TABLE)
            if office:
                i += 1 + office
                continue
            if t.cap(i + 1) and not t.head(i + 1, True) and not t.head(i + 1, False) \
                    and not t.match(i + 1, _LEVEL_TABLE):
                i, fresh = i + 1, True
                continue
            nxt = t.head(i + 1, True)
            if group and nxt and "g" in nxt[1] and t.key(i + 1) not in _PLURAL:
                i += 1 + nxt[0]
                continue
            break
        if key == ",":
            nxt = t.head(i + 1, True, plural=True)
            if group and not t.cap(i + 1) and (nxt or t.key(i + 1) in _GROUP_LIST_WORDS):
                i += 1 + (nxt[0] if nxt else 1)  # "các huyện ủy, thành ủy, thị ủy": one plural list
                continue
            if t.key(head_start) in _DEPARTMENTS and t.cap(i + 1) and not t.head(i + 1, True) \
                    and not t.head(i + 1, False):
                i, fresh = i + 1, True
                continue
        break
    if not qualified:
        return None
    return i, group, note


@lru_cache(maxsize=512)
def _tokens(text: str) -> _Tokens:
    return _Tokens(text)


def read_units(text: str, start: int = 0) -> tuple[list[Found], int]:
    """Read a list of unit names starting at character `start` ("A, B và các C"); returns the names
    and the character where the list ends (== start when no name is there)."""
    t = _tokens(text)
    i = next((k for k, (_, s, _) in enumerate(t.items) if s >= start), len(t))
    found: list[Found] = []
    end_char = start
    while i < len(t):
        collective = next((len(c) for c in _COLLECTIVE if tuple(t.keys[i:i + len(c)]) == c), 0)
        if collective and t.key(i + collective) == ":":
            inner, inner_end = read_units(text, t.items[i + collective][2])
            prefix = text[t.items[i][1]:t.items[i + collective - 1][2]]
            found.extend(Found(t.items[i][1], f.end, f"{prefix} {f.name}", f.note, f.is_group) for f in inner)
            return found, inner_end if inner else end_char
        read = _read_one(t, i)
        if read is None:
            break
        end, group, note = read
        found.append(_found(t, i, end, group, note))
        end_char = t.items[end - 1][2]
        if t.key(end) in _SEPARATORS and _read_one(t, end + 1) is not None:
            i = end + 1
            continue
        if t.key(end) == t.key(i) and t.key(end) in _DEPARTMENTS and _read_one(t, end) is not None:
            i = end
            continue
        break
    return found, end_char


def _found(t: _Tokens, i: int, end: int, group: bool, note: tuple[int, int] | None) -> Found:
    text, start = t.text, t.items[i][1]
    if note:
        before = text[start:t.items[note[0] - 1][1]].rstrip()
        after = text[t.items[note[1]][2]:t.items[end - 1][2]].strip() if note[1] < end - 1 else ""
        name = (before + (" " + after if after else "")).strip()
        return Found(start, t.items[end - 1][2], name, text[t.items[note[0]][1]:t.items[note[1] - 1][2]], group)
    return Found(start, t.items[end - 1][2], text[start:t.items[end - 1][2]].strip(), None, group)


# Groups meaning "everyone addressed" (the plan's general tasks), with qualifiers that do not narrow them.
_EVERYONE = {"cap uy", "to chuc dang", "to chuc", "co quan", "don vi", "dia phuong", "chinh quyen", "doan the",
             "nguoi dung dau", "can bo", "cong chuc", "dang vien", "nganh", "cap", "co quan don vi"}
_BROAD = re.compile(r"\s+(?:co lien quan|lien quan|truc thuoc .*|thuoc .*|cac cap|cac cap uy|cac nganh)$")


def is_everyone(name: str) -> bool:
    """True for "các cấp ủy, tổ chức đảng, cơ quan, đơn vị" and the like: addressed to all, not to a unit."""
    pieces = [fold(p) for p in re.split(r"[,;]|\bvà\b", name) if fold(p)]
    if not pieces or not fold(name).startswith(("cac ", "nhung ")):
        return False
    for piece in pieces:
        piece = re.sub(r"^(?:(?:cac|nhung)\s+)+", "", piece)
        piece = _BROAD.sub("", piece)
        if not all(part.strip() in _EVERYONE for part in re.split(r"\s+cac\s+", piece)):
            return False
    return True
