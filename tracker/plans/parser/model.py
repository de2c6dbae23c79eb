"""What the plan parser understood, as dataclasses whose .to_dict() is the stable JSON of docs/parser-json.md."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from tracker.core.deadlines import DeadlineSpec
from tracker.core.vntext import name_key

SCHEMA_VERSION = 1
ROLES = ("lead", "coordinate", "request")


class UnitResolver(Protocol):
    """Optional hook the app passes to parse_plan: a written unit name -> a JSON-ready match (an id, a
    dict) or None. The parser itself never looks anything up."""

    def __call__(self, name: str) -> Any: ...


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _span(lines: tuple[int, int] | None) -> list[int] | None:
    return list(lines) if lines else None


@dataclass
class UnitMention:
    """A unit as written ("Công an phường"), where it was read, and the app's match if it gave a resolver."""

    name: str
    line: int
    source: str  # "heading", "subject", "text"
    is_group: bool = False
    note: str | None = None
    match: Any = None

    @property
    def name_key(self) -> str:
        """Comparison key: case, tone placement and punctuation folded."""
        return name_key(self.name)

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"name": self.name, "name_key": self.name_key, "is_group": self.is_group, "note": self.note,
                "line": self.line, "source": self.source, "match": self.match}


@dataclass
class Assignment:
    """A unit's role on a task: lead (chủ trì), coordinate (phối hợp) or request (đề nghị)."""

    role: str
    unit: UnitMention

    def to_dict(self) -> dict:
        """Stable JSON: the role next to the unit's fields."""
        return {"role": self.role, **self.unit.to_dict()}


@dataclass
class CitedDocument:
    """A document the plan implements (opening paragraph) or only mentions, as written."""

    relation: str  # "implements" or "mentions"
    basis: str | None  # for implements: "implementing", "legal_basis" or "proposal"
    doc_type: str | None
    number: str
    written: str
    number_key: str
    issued_on: date | None
    issuer_name: str | None
    title: str | None
    lines: tuple[int, int]
    occurrences: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    suggested_number: str | None = None

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"relation": self.relation, "basis": self.basis, "doc_type": self.doc_type, "number": self.number,
                "written": self.written, "number_key": self.number_key, "issued_on": _iso(self.issued_on),
                "issuer_name": self.issuer_name, "issuer_key": name_key(self.issuer_name or "") or None,
                "title": self.title, "lines": _span(self.lines), "occurrences": self.occurrences,
                "warnings": self.warnings, "suggested_number": self.suggested_number}


@dataclass
class Section:
    """A heading of the plan: "II" / "NHIỆM VỤ, GIẢI PHÁP", its level, kind and parent section."""

    index: int
    number: str | None
    title: str
    level: int
    kind: str  # "purpose", "tasks", "implementation", "reporting", "funding", "other"
    parent: int | None
    lines: tuple[int, int]

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"index": self.index, "number": self.number, "title": self.title, "level": self.level,
                "kind": self.kind, "parent": self.parent, "lines": _span(self.lines)}


@dataclass
class Task:
    """One bullet or numbered paragraph to track, with its units, deadlines and footnotes."""

    index: int
    section: int | None
    marker: str | None
    text: str
    lines: tuple[int, int]
    scope: str  # "unit" or "general"
    assignments: list[Assignment] = field(default_factory=list)
    deadlines: list[DeadlineSpec] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)

    def units(self, role: str) -> list[UnitMention]:
        """The units holding `role` on this task."""
        return [a.unit for a in self.assignments if a.role == role]

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"index": self.index, "section": self.section, "marker": self.marker, "text": self.text,
                "lines": _span(self.lines), "scope": self.scope,
                "assignments": [a.to_dict() for a in self.assignments],
                "deadlines": [d.to_dict() for d in self.deadlines], "footnotes": self.footnotes}


@dataclass
class ReportingDuty:
    """Who reports what to whom (via whom) and when, as one task of the plan states it."""

    index: int
    task: int | None
    reporters: list[UnitMention]
    to: list[UnitMention]
    via: list[UnitMention]
    forward_to: list[UnitMention]
    what: str  # "plan", "results", "ad_hoc"
    when: DeadlineSpec | None
    phrase: str
    lines: tuple[int, int]

    def to_dict(self) -> dict:
        """Stable JSON."""
        units = lambda items: [u.to_dict() for u in items]  # noqa: E731
        return {"index": self.index, "task": self.task, "reporters": units(self.reporters), "to": units(self.to),
                "via": units(self.via), "forward_to": units(self.forward_to), "what": self.what,
                "when": self.when.to_dict() if self.when else None, "phrase": self.phrase,
                "lines": _span(self.lines)}


@dataclass
class Footnote:
    """A footnote's text and the sentences (with their line and task) that cite it."""

    marker: str
    text: str
    lines: tuple[int, int]
    cited_at: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"marker": self.marker, "text": self.text, "lines": _span(self.lines), "cited_at": self.cited_at}


@dataclass
class Signer:
    """Signature block: authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), position and name."""

    authority: list[str] = field(default_factory=list)
    position: str | None = None
    name: str | None = None
    lines: tuple[int, int] | None = None

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"authority": self.authority, "position": self.position, "name": self.name,
                "lines": _span(self.lines)}


@dataclass
class Metadata:
    """The plan's own document data; `source_lines` maps each field to the lines it was read from."""

    doc_type: str | None = None
    number: str | None = None
    number_value: str | None = None
    number_key: str | None = None
    place: str | None = None
    issued_on: date | None = None
    issued_year: int | None = None
    issued_month: int | None = None
    issuer_name: str | None = None
    issuer_source: str | None = None  # "header", "preamble" or "title"
    title: str | None = None
    signer: Signer = field(default_factory=Signer)
    attached: dict | None = None  # the plan a decision issues: {"doc_type", "title", "lines"}
    source_lines: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"doc_type": self.doc_type, "number": self.number, "number_value": self.number_value,
                "number_key": self.number_key, "place": self.place, "issued_on": _iso(self.issued_on),
                "issued_year": self.issued_year, "issued_month": self.issued_month,
                "issuer_name": self.issuer_name, "issuer_key": name_key(self.issuer_name or "") or None,
                "issuer_source": self.issuer_source, "title": self.title, "signer": self.signer.to_dict(),
                "attached_plan": self.attached,
                "source_lines": {k: list(v) for k, v in sorted(self.source_lines.items())}}


@dataclass
class Recipient:
    """One entry of "Nơi nhận"."""

    name: str
    lines: tuple[int, int]

    def to_dict(self) -> dict:
        """Stable JSON."""
        return {"name": self.name, "name_key": name_key(self.name), "lines": _span(self.lines)}


@dataclass
class ParsedPlan:
    """Everything parse_plan understood; nothing here is saved until a user confirms it."""

    metadata: Metadata
    cited_documents: list[CitedDocument]
    sections: list[Section]
    tasks: list[Task]
    duties: list[ReportingDuty]
    recipients: list[Recipient]
    archive: dict | None
    footnotes: list[Footnote]
    warnings: list[dict]
    line_count: int

    def to_dict(self) -> dict:
        """The stable JSON document (schema in docs/parser-json.md)."""
        return {"schema": SCHEMA_VERSION, "line_count": self.line_count, "metadata": self.metadata.to_dict(),
                "cited_documents": [d.to_dict() for d in self.cited_documents],
                "sections": [s.to_dict() for s in self.sections], "tasks": [t.to_dict() for t in self.tasks],
                "duties": [d.to_dict() for d in self.duties],
                "recipients": [r.to_dict() for r in self.recipients], "archive": self.archive,
                "footnotes": [f.to_dict() for f in self.footnotes], "warnings": self.warnings}

