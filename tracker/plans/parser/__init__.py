"""Plan parser: a plan's text to metadata, cited documents, sections, tasks and duties (pure: no DB, no Flask)."""
from tracker.plans.parser.model import (
    SCHEMA_VERSION, Assignment, CitedDocument, Footnote, Metadata, ParsedPlan, Recipient, ReportingDuty, Section,
    Signer, Task, UnitMention, UnitResolver,
)
from tracker.plans.parser.plan import parse_plan

__all__ = ["SCHEMA_VERSION", "Assignment", "CitedDocument", "Footnote", "Metadata", "ParsedPlan", "Recipient",
           "ReportingDuty", "Section", "Signer", "Task", "UnitMention", "UnitResolver", "parse_plan"]
