"""Sections of a plan's body and its tasks: each bullet or numbered paragraph, with units and their roles."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.core.deadlines import DeadlineContext, find_deadlines
from tracker.core.vntext import fold, name_key
from tracker.plans.parser.blocks import Block
from tracker.plans.parser.layouts import Label, header_continuation, is_separator, labels, table_cells, table_columns, units_in, when_specs
from tracker.plans.parser.model import Assignment, Section, Task, UnitMention
from tracker.plans.parser.units import Found, is_everyone, read_units

_NO_TASKS = ("purpose", "funding")
_REQUEST_SECTION = re.compile(r"^(?:kien nghi|de nghi|de xuat)\b")
_LEAD_IN_WORDS = 30
_ADDRESSED = re.compile(r"^(?:yêu cầu\s+)?đối với\s|^(?:trách nhiệm|nhiệm vụ) của\s", re.IGNORECASE)
_JOINING = re.compile(r"^[\s,]*(?:phối hợp|cùng|tham gia|giúp)\b", re.IGNORECASE)
_SENTENCE_HEADING_WORDS = 40
_HEADING_PREFIX = re.compile(r"^(?P<p>đề nghị|giao|nhiệm vụ của|trách nhiệm của|(?:yêu cầu\s+)?đối với|yêu cầu)\s+",
                             re.IGNORECASE)
_INTRO = re.compile(r"^(?:Định kỳ|Khi|Trường hợp|Trong|Hằng|Hàng|Trước|Sau|Đối với|Căn cứ|Ngoài ra|Đồng thời)\b")
_SUBJECT_PREFIX = re.compile(r"^(?P<p>đề nghị|giao|yêu cầu)\s+", re.IGNORECASE)
_CLAUSE_ROLE = re.compile(r"(?:^|[,;:]\s*|\.\s+)(?P<p>giao|yêu cầu|đề nghị)\s+", re.IGNORECASE)
_HEADING_ROLE = re.compile(r"chủ trì(?:,?\s*(?P<with>phối hợp(?:\s+với)?)\s+)?", re.IGNORECASE)
_LEAD_BY = re.compile(r"\bdo\s+", re.IGNORECASE)
_COORDINATE = re.compile(r"\bphối hợp\b", re.IGNORECASE)
_ADVERBS = re.compile(r"^(?:\s|,|chặt chẽ|tốt|thường xuyên|kịp thời|đồng bộ|hiệu quả)*", re.IGNORECASE)
_WITH_LATER = re.compile(r"^[^;.]{0,60}?\bvới\s+", re.IGNORECASE)
_CLOSING = re.compile(r"^(?:Trên đây|Trong quá trình|Quá trình|Nhận được|Căn cứ (?:nội dung |ý kiến )?chỉ đạo)\b|"
                      r"khó khăn,? vướng mắc|trân trọng cảm ơn")
_FOOTNOTE_REF = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^([^\]]+)\]")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FILLER = {name_key(w) for w in ("của", "thuộc")}


def section_kind(title: str, parent_kind: str | None = None) -> str:
    """What a section holds, from its title: purpose, tasks, implementation, reporting, funding or other."""
    key = fold(title)
    if "kinh phi" in key and (len(key) < 40 or key.startswith(("kinh phi", "nguon kinh phi"))):
        return "funding"  # "V. KINH PHÍ THỰC HIỆN", not "8. Tăng cường … hỗ trợ kinh phí cho việc thực hiện …"
    if "bao cao" in key and ("che do" in key or key.startswith("thong tin")):
        return "reporting"
    if "to chuc thuc hien" in key and len(key) < 40:
        return "implementation"
    if re.search(r"\b(nhiem vu|noi dung|giai phap)\b", key) and len(key) < 60:
        return "tasks"
    if re.match(r"(muc dich|yeu cau)\b", key):
        return "purpose"
    return parent_kind or "other"


def unit_key(name: str) -> str:
    """Key for telling two mentions of one unit apart from two units ("... của phường" == "... phường")."""
    return " ".join(w for w in name_key(name).split() if w not in _FILLER)


@dataclass
class _Heading:
    section: int
    level: int
    block: Block
    units: list[tuple[Found, str, int]] = field(default_factory=list)
    task: int | None = None  # the task this heading became, when attribute lines describe it
    deadlines: list = field(default_factory=list)  # a period the heading sets for everything under it
    lead_in: bool = False  # "Giao Sở Tư pháp chủ trì, phối hợp với …:" assigning the list below it


_LEADERSHIP = re.compile(r"^(?:Lãnh đạo|Ban lãnh đạo)\s+(?=\S)")


def _mention(found: Found, line: int, source: str, resolver) -> UnitMention:
    name = found.name
    leadership = _LEADERSHIP.match(name)
    if leadership and read_units(name[leadership.end():])[0]:
        name = name[leadership.end():]  # "Lãnh đạo Sở Y tế" answers for Sở Y tế
    mention = UnitMention(name, line, source, found.is_group, found.note)
    if resolver is not None:
        mention.match = resolver(found.name)
    return mention


def heading_units(text: str) -> tuple[list[Found], str]:
    """Units a heading assigns ("3. Công an phường", "Đề nghị Ủy ban MTTQ ..."), with their role."""
    body = text.strip().rstrip(":").strip()
    role = "lead"
    prefix = _HEADING_PREFIX.match(body)
    if prefix:
        role = "request" if prefix.group("p").lower() == "đề nghị" else "lead"
        body = body[prefix.end():]
    found, end = read_units(body)
    if not found:
        return [], role
    rest = body[end:].strip()
    if rest and not text.rstrip().endswith(":") and rest[:1].islower() and not rest.startswith(("chỉ", "thực")) \
            and not _HEADING_ROLE.match(rest):
        last = found[-1]
        found[-1] = Found(last.start, len(body), body[last.start:].strip(), last.note, last.is_group)
    elif re.fullmatch(r",\s+[A-ZĐÀ-Ỹ]\w*(?:\s+\w+){0,3}", rest) and not text.rstrip().endswith(":"):
        last = found[-1]  # "Ủy ban Tài chính, Ngân sách": a name with a comma in it
        found[-1] = Found(last.start, len(body), body[last.start:].strip(), last.note, last.is_group)
    return found, role


def heading_coordinators(text: str) -> list[Found]:
    """Bodies a heading names after "phối hợp" ("Sở Tài chính chủ trì, phối hợp các sở, ban, ngành")."""
    found = _HEADING_ROLE.search(text)
    if not found or not found.group("with"):
        return []
    return read_units(text, found.end())[0]


def subject_units(text: str) -> tuple[list[Found], str, int]:
    """Units a paragraph is about: at its start ("Công an phường xây dựng ...", "Đề nghị Ủy ban MTTQ ...",
    "Giao Sở Nội vụ ..."), or after an introductory clause ("Định kỳ hằng quý, các sở, ngành gửi báo cáo").
    Returns them, their role, and how many characters the role word took."""
    prefix = _SUBJECT_PREFIX.match(text)
    role = "request" if prefix and prefix.group("p").lower() == "đề nghị" else "lead"
    subject, _ = read_units(text, prefix.end() if prefix else 0)
    if subject:
        return subject, role, prefix.end() if prefix else 0
    label = _TOPIC_LABEL.match(text)
    if label and not read_units(label.group(0))[0]:
        # "Công tác chuẩn bị: Ban Xây dựng Đảng, Văn phòng Đảng uỷ phối hợp chuẩn bị …": a topic, then the doers
        subject, _ = read_units(text, label.end())
        rest = text[subject[-1].end:].split() if subject else []
        if len(rest) >= 3 and rest[0][:1].islower():
            return subject, "lead", label.end()
    if _INTRO.match(text):
        sentence = re.split(r"[.;]\s", text, maxsplit=1)[0]
        for comma in [m.end() for m in re.finditer(r",\s*", sentence)][:4]:
            if _SUBJECT_PREFIX.match(text[comma:]):
                break  # "Căn cứ ..., yêu cầu X": the clause-role rule reads X
            subject, _ = read_units(text, comma)
            if subject:
                return subject, "lead", 0
    return [], role, 0


_TOPIC_LABEL = re.compile(r"^[^\W\d][^:;.()\d]{2,40}:\s*")
_ASSIGNING = re.compile(r"\b(?P<p>giao|yêu cầu|đề nghị)\s+", re.IGNORECASE)


def assigned_units(block: Block, start: int, end: int) -> list[tuple[Found, str, int]]:
    """The bodies the first "giao / yêu cầu / đề nghị X" in text[start:end] names, unless it addresses
    everyone ("yêu cầu các cơ quan, đơn vị"): (name, role, line)."""
    text = block.text
    for match in _ASSIGNING.finditer(text, start, end):
        found = [f if not is_everyone(f.name) else _qualified(text, f) for f in read_units(text, match.end())[0]]
        found = [f for f in found if f is not None]
        if found:
            role = "request" if match.group("p").lower() == "đề nghị" else "lead"
            return [(f, role, block.line_at(f.start)) for f in found]
    return []


_QUALIFIER = re.compile(r"\s+(?P<q>[^.;:()]{3,160}?)(?=\s+(?:chưa|đã|khẩn trương|thực hiện|nghiêm túc|tiếp tục|chủ động|"
                        r"có trách nhiệm|phải|triển khai)\b)")


def _qualified(text: str, found: Found) -> Found | None:
    """ "yêu cầu các đơn vị sản xuất, kinh doanh … hóa chất trên địa bàn tỉnh chưa thực hiện …": a group
    addressed to everyone, narrowed by the words after it, is those bodies; unqualified, it is no one's."""
    more = _QUALIFIER.match(text, found.end)
    if not more or len(more.group("q").split()) > 25:
        return None
    return Found(found.start, more.end("q"), text[found.start:more.end("q")], found.note, True)


def _sign_off(text: str) -> bool:
    """ "Sở Công Thương yêu cầu các đơn vị nghiêm túc thực hiện./.": the letter's last words to everyone."""
    if not text.rstrip().endswith("./.") or len(text.split()) > 20:
        return False
    ask = _ASSIGNING.search(text)
    found = read_units(text, ask.end())[0] if ask else []
    return bool(found) and all(is_everyone(f.name) for f in found)


def opening_assignees(blocks: list[Block], preamble: list[int]) -> list[tuple[Found, str, int]]:
    """The bodies the last opening paragraph hands the list below to ("Bộ … kính đề nghị Ủy ban nhân dân các
    tỉnh … chỉ đạo …, cụ thể như sau:"), for the points that name no one."""
    if not preamble or not blocks[preamble[-1]].text.rstrip().endswith(":"):
        return []
    block = blocks[preamble[-1]]
    return assigned_units(block, 0, len(block.text))


class TaskReader:
    """Walks the body blocks in order, keeping the current section and the units its headings name."""

    def __init__(self, context: DeadlineContext, resolver=None):
        self.context, self.resolver = context, resolver
        self.sections: list[Section] = []
        self.tasks: list[Task] = []
        self.warnings: list[dict] = []
        self.stack: list[_Heading] = []
        self.last_leads: list[Assignment] = []
        self.seen_numbers: dict[tuple, int] = {}
        self.table: dict[str, int] | None = None
        self.attributed: list[Task] | None = None  # the tasks the attribute block being read describes
        self.done: set[int] = set()  # tasks an attribute block has described
        self.requesting: dict[int, bool] = {}  # top-level sections that ask ("KIẾN NGHỊ") rather than assign
        self.opening: list[tuple[Found, str, int]] = []  # bodies the opening asks or tasks with the list below
        self.prose_body = False  # a letter whose body has no list: its assigning paragraphs are the tasks
        self.addressee: str | None = None  # "Kính gửi: Công ty cổ phần …" when the letter has one addressee

    def kind(self) -> str:
        """Kind of the current section ("tasks" before any heading)."""
        return self.sections[self.stack[-1].section].kind if self.stack else "tasks"

    def heading(self, block: Block) -> None:
        """Open a section; a heading naming units makes them the lead (or requested) of what follows."""
        level = 1 if block.style == "roman" else (2 + (block.marker or "").count(".") if block.style == "arabic"
                                                  else 3 if block.style == "letter" else 2)
        while self.stack and (self.stack[-1].level >= level or self.stack[-1].lead_in):
            self.stack.pop()
        parent = self.stack[-1].section if self.stack else None
        parent_kind = self.sections[parent].kind if parent is not None else None
        kind = section_kind(block.text, None if level == 1 else parent_kind)
        if level > 1 and parent_kind in ("implementation", "tasks") and kind == "other":
            kind = parent_kind
        if kind == "purpose" and _ADDRESSED.match(block.text):
            kind = "tasks"  # "1. Yêu cầu đối với các tổ chức …": who is asked, not the plan's aims
        section = Section(len(self.sections), block.marker, block.text.rstrip(":").strip(), level, kind, parent,
                          block.span)
        self.sections.append(section)
        number_key = (parent, level, block.marker)
        if block.marker and number_key in self.seen_numbers:
            first = self.sections[self.seen_numbers[number_key]].lines[0]
            self.warnings.append({"code": "repeated_number", "lines": list(block.span),
                                  "message": f"Số mục “{block.marker}” lặp lại (dòng {first} và dòng "
                                             f"{block.lines[0]}); đã giữ cả hai mục theo thứ tự."})
        self.seen_numbers.setdefault(number_key, section.index)
        self.attributed = None
        heading = _Heading(section.index, level, block)
        heading.deadlines = find_deadlines(block.text, self.context)  # "Đợt 1: Từ ngày … đến ngày …"
        if level > 1:
            found, role = heading_units(block.text)
            addressed = _ADDRESSED.match(block.text)
            rest = block.text[addressed.end():].strip().rstrip(".:").strip() if addressed else ""
            if found and addressed and found[-1].end < len(rest) - 1:
                found = [Found(0, len(rest), rest, None, True)]  # "Yêu cầu đối với các tổ chức, cá nhân được cấp …"
            heading.units = [(f, role, block.lines[0]) for f in found]
            if found:
                heading.units += [(f, "coordinate", block.lines[0]) for f in heading_coordinators(block.text)]
        self.stack.append(heading)
        self.last_leads = []
        self.table = None
        if heading.units and len(block.text.split()) > _SENTENCE_HEADING_WORDS and self.kind() not in _NO_TASKS:
            # "2. Bộ Tài chính … trình Thủ tướng trước ngày 20/10/2024. Trong đó chú ý một số nội dung sau:":
            # an assignment in its own right, whose points follow
            assignments = [Assignment(role, _mention(f, line, "heading", self.resolver)) for f, role, line in
                           heading.units]
            assignments = _dedupe(assignments + self._roles_in_text(block, skip=0, led=True))
            task = Task(len(self.tasks), section.index, block.label, block.text.rstrip(":"), block.span,
                        _scope(assignments), assignments, list(heading.deadlines))
            self.tasks.append(task)
            heading.task = task.index

    def annex(self, block: Block) -> None:
        """Open an annex ("PHỤ LỤC ... DANH MỤC NHIỆM VỤ") as a top-level task section."""
        self.stack, self.last_leads, self.table = [], [], None
        self.sections.append(Section(len(self.sections), None, block.text, 1, "tasks", None, block.span))
        self.stack.append(_Heading(self.sections[-1].index, 1, block))

    def item(self, block: Block) -> Task | None:
        """A bullet, numbered paragraph or paragraph of a task section becomes a task."""
        if block.style in ("arabic", "letter"):
            level = 2 + (block.marker or "").count(".") if block.style == "arabic" else 3
            while self.stack and self.stack[-1].level >= level and (len(self.stack) > 1 or self.stack[-1].level > 1):
                self.stack.pop()  # "8. Các sở …" after "7. UBND các xã" (a letter has no Roman section above)
        if self.kind() in _NO_TASKS or (block.kind == "para" and (_CLOSING.search(block.text) or _sign_off(block.text))):
            return None
        if block.kind == "para" and not self.stack and not self.tasks:
            if block.text.rstrip().endswith(":"):  # "…, Sở … đề nghị Công ty thực hiện đầy đủ các nội dung sau:"
                self.opening = self._addressed(assigned_units(block, 0, len(block.text))) \
                    or self._bare_addressee(block) or self.opening
            return self._prose_task(block)  # prose before any list item is no task, unless the letter has no list
        if block.kind == "item" and block.style == "arabic" and _ADDRESSED.match(block.text) \
                and len(block.text.split()) <= _LEAD_IN_WORDS and block.text.rstrip()[-1:] in ".:" \
                and heading_units(block.text)[0]:
            self.heading(block)  # "1. Yêu cầu đối với các tổ chức, cá nhân được cấp giấy phép …." over 1.1, 1.2
            return None
        handled, row_task = self._table_row(block)
        if handled:
            return row_task
        text = block.text
        found_labels = labels(text)
        if not (found_labels and found_labels[0].start == 0):
            self.attributed = None
        owners = self._attribute_owners() if found_labels and found_labels[0].start == 0 else []
        if owners:
            for k, owner in enumerate(owners):
                self._apply_labels(owner, block, found_labels, append=k == len(owners) - 1)
            return None
        assignments: list[Assignment] = []
        context = next((h.units for h in reversed(self.stack) if h.units), [])
        for found, role, line in context:
            assignments.append(Assignment(role, _mention(found, line, "heading", self.resolver)))
        subject, subject_role, skip = subject_units(text)
        if subject_role == "lead" and self._requesting():
            subject_role = "request"  # "IV. KIẾN NGHỊ": bodies the plan cannot assign are asked
        own = subject and context and block.kind == "para" and subject_role == "lead" and not skip \
            and not _JOINING.match(block.text[subject[-1].end:])
        if own:  # a paragraph under "2. Bộ Tài chính …" that opens with another body: that body's own task
            assignments = [a for a in assignments if a.role == "coordinate"]
        for found in subject:
            role = subject_role if not context or subject_role == "request" or own else "coordinate"
            assignments.append(Assignment(role, _mention(found, block.line_at(found.start), "subject",
                                                         self.resolver)))
        if not context and not subject and block.kind == "para":
            assignments.extend(Assignment(a.role, a.unit) for a in self.last_leads)
        assignments += self._roles_in_text(block, skip=skip, led=any(a.role != "coordinate" for a in assignments))
        if self.opening and not context and not any(a.role in ("lead", "request") for a in assignments):
            assignments += [Assignment(role, _mention(f, line, "heading", self.resolver))
                            for f, role, line in self.opening]  # "… kính đề nghị UBND các tỉnh …, cụ thể như sau:"
        assignments = _dedupe(assignments)
        if subject and self._lead_in(block, assignments):
            return None
        if block.kind == "item":
            self.last_leads = [a for a in assignments if a.role in ("lead", "request")] if subject else []
        scope = _scope(assignments)
        notes = [(m.group(1) or m.group(0).translate(_SUPERSCRIPTS)) for m in _FOOTNOTE_REF.finditer(text)]
        deadlines = find_deadlines(text, self.context) or next(
            (list(h.deadlines) for h in reversed(self.stack) if h.deadlines), [])
        task = Task(len(self.tasks), self.stack[-1].section if self.stack else None, block.label, text, block.span,
                    scope, assignments, deadlines, notes)
        self.tasks.append(task)
        self.attributed = None
        if found_labels:
            self._apply_labels(task, block, found_labels, append=False)
        return task

    def _addressed(self, found: list[tuple[Found, str, int]]) -> list[tuple[Found, str, int]]:
        """A bare "Công ty" / "Quý Ủy ban" standing for the letter's one addressee is that addressee."""
        if not self.addressee:
            return found
        out = []
        for unit, role, line in found:
            bare = re.sub(r"(?i)^quý\s+", "", unit.name)
            if len(bare.split()) <= 3 and name_key(self.addressee).startswith(name_key(bare)):
                unit = Found(unit.start, unit.end, self.addressee, unit.note, unit.is_group)
            out.append((unit, role, line))
        return out

    def _bare_addressee(self, block: Block) -> list[tuple[Found, str, int]]:
        """ "đề nghị Công ty thực hiện …" in a letter to one company: that company, asked."""
        if not self.addressee:
            return []
        for match in _ASSIGNING.finditer(block.text):
            ref = re.match(r"(?:Quý\s+)?(?P<r>[A-ZĐÀ-Ỹ]\w*(?:\s+\w+)?)", block.text[match.end():])
            if not ref:
                continue
            words = ref.group("r").split()
            for size in (2, 1):
                if len(words) >= size and name_key(self.addressee).startswith(name_key(" ".join(words[:size]))):
                    start = match.end() + ref.start("r")
                    role = "request" if match.group("p").lower() == "đề nghị" else "lead"
                    return [(Found(start, start + len(" ".join(words[:size])), self.addressee, None, False), role,
                             block.line_at(start))]
        return []

    def _prose_task(self, block: Block) -> Task | None:
        """In a letter with no list at all, a paragraph that assigns ("Chủ tịch UBND tỉnh giao Công an tỉnh
        nghiên cứu …") is its task; the body named before the verb gives the work, it does not do it."""
        if not self.prose_body:
            return None
        found = assigned_units(block, 0, len(block.text))
        if not found:
            return None
        assignments = _dedupe([Assignment(role, _mention(f, line, "text", self.resolver)) for f, role, line in found]
                              + [a for a in self._roles_in_text(block, skip=0, led=True) if a.role == "coordinate"])
        task = Task(len(self.tasks), None, block.label, block.text, block.span, _scope(assignments), assignments,
                    find_deadlines(block.text, self.context))
        self.tasks.append(task)
        return task

    def _requesting(self) -> bool:
        """Whether the current top-level section asks rather than assigns ("KIẾN NGHỊ", "ĐỀ NGHỊ")."""
        top = next((h for h in self.stack if h.level == 1), None)
        if top is None:
            return False
        if top.section not in self.requesting:
            self.requesting[top.section] = bool(_REQUEST_SECTION.match(fold(self.sections[top.section].title[:20])))
        return self.requesting[top.section]

    def _lead_in(self, block: Block, assignments: list[Assignment]) -> bool:
        """A short paragraph ending in ":" that names who leads ("Giao Văn phòng UBND tỉnh chủ trì, phối hợp
        với các cơ quan, đơn vị, địa phương:") assigns the list under it, like a heading; it is no task."""
        text = block.text.rstrip()
        if block.kind != "para" or not self.stack or not text.endswith(":") or len(text.split()) > _LEAD_IN_WORDS \
                or not any(a.role in ("lead", "request") for a in assignments):
            return False
        level = (self.stack[-1].level if self.stack else 1) + 0.5
        heading = _Heading(self.stack[-1].section if self.stack else None, level, block, lead_in=True)
        heading.units = [(Found(0, 0, a.unit.name, a.unit.note, a.unit.is_group), a.role, a.unit.line)
                         for a in assignments]
        heading.deadlines = find_deadlines(text, self.context)
        self.stack.append(heading)
        return True

    def _attribute_owners(self) -> list[Task]:
        """The tasks an attribute line ("Cơ quan chủ trì: ...") describes: the tasks it follows (a run of
        bullets with no lead of their own takes it together: "- …" / "- …" / "Đơn vị chủ trì: …"), else the
        heading above it, made a task on first use, or else the last task of the section."""
        if self.attributed:
            return self.attributed  # the next line of the same attribute block
        owner = self._attribute_owner()
        if owner is None:
            return []
        run = [owner]
        if owner.marker in _BULLETS and not any(a.role in ("lead", "request") for a in owner.assignments):
            for task in reversed(self.tasks[:owner.index]):
                if task.section != owner.section or task.marker not in _BULLETS or task.index in self.done \
                        or any(a.role in ("lead", "request") for a in task.assignments):
                    break
                run.insert(0, task)
        self.done.update(t.index for t in run)
        self.attributed = run
        return run

    def _attribute_owner(self) -> Task | None:
        top = self.stack[-1] if self.stack else None
        if top is not None and self.tasks and self.tasks[-1].section == top.section \
                and self.tasks[-1].lines[0] > top.block.lines[-1]:
            return self.tasks[-1]  # the attributes follow the task they describe
        if top is not None and top.level > 1:
            if top.task is None:
                block = top.block
                assignments = [Assignment(role, _mention(f, line, "heading", self.resolver))
                               for f, role, line in top.units]
                task = Task(len(self.tasks), top.section, block.label, block.text.rstrip(":"), block.span, "general",
                            assignments, find_deadlines(block.text, self.context))
                self.tasks.append(task)
                top.task = task.index
            return self.tasks[top.task]
        if self.tasks and self.tasks[-1].section == (top.section if top else None):
            return self.tasks[-1]
        return None

    def _apply_labels(self, task: Task, block: Block, found: list[Label], append: bool) -> None:
        """Units and deadlines from labelled values; the task grows to cover the block's lines."""
        for label in found:
            if label.kind in ("lead", "coordinate"):
                role = label.kind
                if role == "lead" and label.name == "thuc hien" and any(a.role == "lead" for a in task.assignments):
                    role = "coordinate"  # "Cơ quan thực hiện" beside "Cơ quan chủ trì": the bodies that join in
                for unit in units_in(label.value, label.value_start + (len(block.text[label.value_start:]) -
                                                                       len(block.text[label.value_start:].lstrip()))):
                    task.assignments.append(Assignment(role, _mention(unit, block.line_at(unit.start), "text",
                                                                            self.resolver)))
            elif label.kind == "when":  # a stated time ("Thời gian thực hiện: …") comes before words of the text
                stated = when_specs(label.value, self.context)
                task.deadlines = stated + [s for s in task.deadlines if s not in stated]
        if append:
            task.text = f"{task.text} {block.text}"
            task.lines = (task.lines[0], max(task.lines[1], block.span[1]))
        task.assignments = _dedupe(task.assignments)
        task.scope = _scope(task.assignments)

    def _table_row(self, block: Block) -> tuple[bool, Task | None]:
        """(handled, task): a header row sets the columns, each later row is a task."""
        cells = table_cells(block.text, in_table=self.table is not None)
        if cells is None:
            self.table = None
            return False, None
        columns = table_columns(cells)
        if is_separator(cells) or columns:
            self.table = columns or self.table
            return True, None
        if self.table is None:
            return False, None
        below = header_continuation(cells)
        if below:
            self.table = {**self.table, **below}
            return True, None
        table = self.table
        cell = lambda kind: cells[table[kind]] if kind in table and table[kind] < len(cells) else ""  # noqa: E731
        others = [c for k, c in enumerate(cells) if k not in (table.get("number"), table.get("text")) and c.strip()]
        marker = cell("number").strip(" .)")
        if not others and (re.fullmatch(r"[IVX]{1,4}|[A-Z]|[a-zđ]", marker)
                           or (re.fullmatch(r"\d{1,2}", marker) and len(cells) == 2 < len(table))):
            self._group_row(block, cell("number").strip(" .)"), cell("text"))
            return True, None  # "I | Cải cách thể chế | | |": a group of the rows below
        assignments = []
        for role in ("lead", "coordinate"):
            value = cell(role)
            offset = block.text.find(value) if value else 0
            assignments += [Assignment(role, _mention(u, block.lines[0], "text", self.resolver))
                            for u in units_in(value, max(offset, 0))]
        task = Task(len(self.tasks), self.stack[-1].section if self.stack else None, cell("number") or None,
                    cell("text"), block.span, _scope(assignments), _dedupe(assignments),
                    when_specs(cell("when"), self.context) if cell("when") else [])
        self.tasks.append(task)
        return True, task

    def _group_row(self, block: Block, marker: str, title: str) -> None:
        """A table row naming a group of the rows below becomes a sub-section of the annex or section."""
        while len(self.stack) > 1 and self.stack[-1].level >= 2:
            self.stack.pop()
        parent = self.stack[-1].section if self.stack else None
        kind = self.sections[parent].kind if parent is not None else "tasks"
        section = Section(len(self.sections), marker, title, 2, kind, parent, block.span)
        self.sections.append(section)
        self.stack.append(_Heading(section.index, 2, block))

    def _roles_in_text(self, block: Block, skip: int, led: bool = False) -> list[Assignment]:
        """Units the text gives a role ("…, giao Sở X", "do Sở X chủ trì", "phối hợp với Sở Y"); once the task
        has its lead, a body it asks ("yêu cầu các đơn vị điều chỉnh") is no lead of the task."""
        text, found_roles = block.text, []

        def add(role: str, start: int, source: str = "text") -> None:
            """Give `role` to each unit listed from character `start`."""
            for found in read_units(text, start)[0]:
                found_roles.append(Assignment(role, _mention(found, block.line_at(found.start), source,
                                                             self.resolver)))

        for match in _CLAUSE_ROLE.finditer(text):
            if match.start("p") > skip or (match.start("p") == 0 and not skip):
                if match.start("p") > 0 and not led:
                    add("request" if match.group("p").lower() == "đề nghị" else "lead", match.end())
        for match in _LEAD_BY.finditer(text):
            units, end = read_units(text, match.end())
            if units and re.match(r"\s*chủ trì", text[end:]):
                add("lead", match.end())
        for match in _COORDINATE.finditer(text):
            after = match.end() + _ADVERBS.match(text[match.end():]).end()
            start = after + (4 if text[after:after + 4].lower() == "với " else 0)
            if read_units(text, start)[0]:
                add("coordinate", start)
                continue
            later = _WITH_LATER.match(text[match.end():])
            if later:
                add("coordinate", match.end() + later.end())
        return found_roles


_BULLETS = {"-", "+", "*", "•", "●", "▪", "–"}


def _scope(assignments: list[Assignment]) -> str:
    """unit when a lead or requested body is named, general when the task is for everyone (or no one named)."""
    leads = [a for a in assignments if a.role in ("lead", "request")]
    return "unit" if any(not is_everyone(a.unit.name) for a in leads) else "general"


def _dedupe(assignments: list[Assignment]) -> list[Assignment]:
    """One assignment per unit; lead before request before coordinate, in order of appearance."""
    order = {"lead": 0, "request": 1, "coordinate": 2}
    kept: dict[str, Assignment] = {}
    for assignment in assignments:
        key = unit_key(assignment.unit.name)
        if key not in kept:
            kept[key] = assignment
    return sorted(kept.values(), key=lambda a: order[a.role])
