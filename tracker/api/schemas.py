"""What the API reads and answers (marshmallow): the OpenAPI document is generated from these."""
from __future__ import annotations

from datetime import datetime, timezone

import marshmallow as ma
from marshmallow import fields, validate

from tracker.api.models import SCOPES

TASK_STATUSES = ["not_started", "in_progress", "claimed", "done", "paused", "redo"]
DEADLINE_STATES = ["overdue", "due_soon", "in_time", "ongoing", "ad_hoc", "no_deadline", "done_on_time", "done_late"]
SUBMISSION_STATES = ["pending", "on_time", "late", "missing", "returned"]
ROLES = ["lead", "coordinate", "request"]
INT32 = validate.Range(min=1, max=2**31 - 1)


class UtcDateTime(fields.DateTime):
    """Stored naive UTC; written with its offset (RFC 3339), read with or without one (UTC assumed)."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment: datetime = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return moment


class Id(fields.Integer):
    def __init__(self, **kwargs):
        kwargs.setdefault("validate", INT32)
        super().__init__(**kwargs)


# ---- arguments -----------------------------------------------------------------------------------------------------

class PageArgs(ma.Schema):
    cursor = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "Con trỏ trang sau (next_cursor của trang trước), không tự tạo"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    updated_since = UtcDateTime(metadata={"description": "Chỉ các bản ghi thay đổi từ thời điểm này (đồng bộ dần)"})


class UnitArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200),
                      metadata={"description": "Tìm theo tên, không phân biệt dấu, kiểu bỏ dấu Ủy/Uỷ, viết tắt"})
    parent_id = Id()
    within = Id(metadata={"description": "Chỉ các đơn vị thuộc cây con của đơn vị này (kể cả nó)"})
    active = fields.Boolean()


class DocumentArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200))
    doc_type = fields.String(validate=validate.Length(max=10))
    issuer_id = Id()


class TaskArgs(PageArgs):
    plan_id = Id()
    unit_id = Id(metadata={"description": "Nhiệm vụ giao cho đơn vị này hoặc đơn vị cấp dưới của nó"})
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))


class UpdateArgs(PageArgs):
    task_id = Id()


class ExpectedArgs(PageArgs):
    duty_id = Id()
    unit_id = Id()
    status = fields.String(validate=validate.OneOf(SUBMISSION_STATES))


class CalendarArgs(ma.Schema):
    start = fields.Date(data_key="from", metadata={"description": "Từ ngày (mặc định: hôm nay)"})
    end = fields.Date(data_key="to", metadata={"description": "Đến ngày (mặc định: 60 ngày sau), tối đa 366 ngày"})


BINARY = {"type": "string", "format": "binary"}


class UpdateForm(ma.Schema):
    note = fields.String(load_default="", validate=validate.Length(max=20_000))
    progress = fields.Integer(validate=validate.Range(min=0, max=100))
    status = fields.String(validate=validate.OneOf(["not_started", "in_progress", "paused", "claimed"]))
    reported_on = fields.Date(metadata={"description": "Ngày của cập nhật (mặc định: hôm nay)"})
    files = fields.List(fields.Raw(metadata=BINARY), validate=validate.Length(max=10),
                        metadata={"description": "Tệp minh chứng: PDF, .docx, .xlsx, PNG, JPG (tối đa 10)"})


class ClaimBody(ma.Schema):
    note = fields.String(load_default="", validate=validate.Length(max=20_000))
    reported_on = fields.Date()


class SubmissionForm(ma.Schema):
    number_text = fields.String(required=True, validate=validate.Length(min=1, max=80),
                                metadata={"description": "Số, ký hiệu văn bản gửi, ví dụ 45/BC-UBND"})
    issued_on = fields.Date(required=True)
    file = fields.Raw(required=True, metadata={**BINARY, "description": "Báo cáo .docx hoặc PDF"})


class PlanImportForm(ma.Schema):
    text = fields.String(validate=validate.Length(max=500_000),
                         metadata={"description": "Văn bản kế hoạch (thay cho tệp)"})
    file = fields.Raw(metadata={**BINARY, "description": ".docx, .txt, .md, PDF có lớp chữ hoặc bản quét"})


# ---- answers -------------------------------------------------------------------------------------------------------

class Links(ma.Schema):
    class Meta:
        unknown = ma.INCLUDE

    self = fields.String()


class ClientSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    unit_id = fields.Integer()
    unit_name = fields.String()
    role = fields.String(metadata={"description": "Vai trò của người dùng đại diện (quyết định quyền như trên trang)"})
    scopes = fields.List(fields.String(validate=validate.OneOf(list(SCOPES))))


class UnitSchema(ma.Schema):
    id = fields.Integer()
    parent_id = fields.Integer(allow_none=True)
    name = fields.String()
    short_name = fields.String(allow_none=True)
    kind = fields.String()
    level = fields.String()
    effective_from = fields.Date(allow_none=True)
    effective_to = fields.Date(allow_none=True)
    successor_id = fields.Integer(allow_none=True)
    updated_at = UtcDateTime(allow_none=True)


class UnitRefSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()


class UnitDetailSchema(UnitSchema):
    path = fields.List(fields.Nested(UnitRefSchema),
                       metadata={"description": "Từ gốc đến đơn vị cha"})
    children = fields.Integer(metadata={"description": "Số đơn vị trực thuộc"})
    aliases = fields.List(fields.String())
    names = fields.List(fields.Dict(), metadata={"description": "Lịch sử tên: name, valid_from, valid_to"})


class DocumentSchema(ma.Schema):
    id = fields.Integer()
    doc_type = fields.String()
    number_text = fields.String(allow_none=True)
    symbol = fields.String()
    issued_on = fields.Date(allow_none=True)
    issuer_id = fields.Integer(allow_none=True)
    issuer_name = fields.String()
    title = fields.String()
    name = fields.String()
    is_reference = fields.Boolean()
    is_public = fields.Boolean()
    revoked_on = fields.Date(allow_none=True)
    updated_at = UtcDateTime(allow_none=True)
    links = fields.Dict(keys=fields.String(), values=fields.String())


class DocumentLinkSchema(ma.Schema):
    document_id = fields.Integer()
    name = fields.String()
    relation = fields.String()


class DocumentDetailSchema(DocumentSchema):
    signer_authority = fields.String(allow_none=True)
    signer_position = fields.String(allow_none=True)
    signer_name = fields.String(allow_none=True)
    recipients = fields.List(fields.Raw(), allow_none=True)
    body_md = fields.String(allow_none=True)
    implements = fields.List(fields.Nested(DocumentLinkSchema), metadata={"description": "Văn bản cấp trên"})
    implemented_by = fields.List(fields.Nested(DocumentLinkSchema), metadata={"description": "Văn bản thực hiện"})


class AssignmentSchema(ma.Schema):
    unit_id = fields.Integer()
    unit_name = fields.String()
    role = fields.String(validate=validate.OneOf(ROLES))
    officer_id = fields.Integer(allow_none=True)


class GroupSchema(ma.Schema):
    id = fields.Integer()
    label = fields.String(metadata={"description": "Nhóm đơn vị, ví dụ “UBND các xã, phường (tỉnh …)”"})
    role = fields.String(validate=validate.OneOf(ROLES))
    area_id = fields.Integer()
    members = fields.Integer(metadata={"description": "Số đơn vị của nhóm (đang tồn tại)"})
    done = fields.Integer(metadata={"description": "Số đơn vị của nhóm đã hoàn thành phần việc của mình"})


class TaskSchema(ma.Schema):
    id = fields.Integer()
    plan_id = fields.Integer()
    position = fields.Integer()
    text = fields.String()
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))
    status_label = fields.String()
    deadline_state = fields.String(validate=validate.OneOf(DEADLINE_STATES))
    progress = fields.Integer()
    deadline_kind = fields.String(allow_none=True)
    deadline_phrase = fields.String(allow_none=True)
    due_on = fields.Date(allow_none=True)
    effective_due_on = fields.Date(allow_none=True)
    claimed_on = fields.Date(allow_none=True)
    confirmed_on = fields.Date(allow_none=True)
    withdrawn_on = fields.Date(allow_none=True)
    implements_task_id = fields.Integer(allow_none=True)
    version = fields.Integer(metadata={"description": "Phiên bản (ETag); tăng mỗi lần nhiệm vụ thay đổi"})
    updated_at = UtcDateTime(allow_none=True)
    assignments = fields.List(fields.Nested(AssignmentSchema),
                              metadata={"description": "Đơn vị được giao riêng (không gồm thành viên của nhóm)"})
    groups = fields.List(fields.Nested(GroupSchema),
                         metadata={"description": "Nhóm đơn vị được giao (“UBND các xã”), mỗi nhóm một dòng"})
    links = fields.Dict(keys=fields.String(), values=fields.String())


class PlanSchema(DocumentDetailSchema):
    tasks = fields.List(fields.Nested(TaskSchema))


class EvidenceSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    download = fields.String(metadata={"description": "Đường dẫn tải tệp (cần mã truy cập)"})


class TaskUpdateSchema(ma.Schema):
    id = fields.Integer()
    task_id = fields.Integer()
    unit_id = fields.Integer()
    unit_name = fields.String()
    author = fields.String(allow_none=True)
    reported_on = fields.Date()
    status = fields.String(allow_none=True)
    progress = fields.Integer(allow_none=True)
    note = fields.String()
    corrects_id = fields.Integer(allow_none=True)
    created_at = UtcDateTime()
    evidence = fields.List(fields.Nested(EvidenceSchema))


class DutySchema(ma.Schema):
    id = fields.Integer()
    document_id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    schedule = fields.String()
    recipient_id = fields.Integer()
    via_id = fields.Integer(allow_none=True)
    due_on = fields.Date(allow_none=True)
    is_active = fields.Boolean()
    updated_at = UtcDateTime(allow_none=True)


class SubmissionSchema(ma.Schema):
    id = fields.Integer()
    version = fields.Integer()
    number_text = fields.String()
    issued_on = fields.Date()
    filename = fields.String()
    size = fields.Integer()
    submitted_at = UtcDateTime()
    state = fields.String()
    review_comment = fields.String(allow_none=True)
    download = fields.String()


class ExpectedSchema(ma.Schema):
    id = fields.Integer()
    duty_id = fields.Integer()
    duty_title = fields.String()
    unit_id = fields.Integer()
    unit_name = fields.String()
    period_key = fields.String()
    period_label = fields.String()
    start_on = fields.Date()
    end_on = fields.Date()
    due_on = fields.Date()
    effective_due_on = fields.Date(allow_none=True)
    status = fields.String(validate=validate.OneOf(SUBMISSION_STATES))
    review_state = fields.String(allow_none=True)
    versions = fields.Integer()
    first_submitted_on = fields.Date(allow_none=True)
    updated_at = UtcDateTime(allow_none=True)
    links = fields.Dict(keys=fields.String(), values=fields.String())


class ExpectedDetailSchema(ExpectedSchema):
    submissions = fields.List(fields.Nested(SubmissionSchema))


class ReportSchema(ma.Schema):
    id = fields.Integer()
    expected_id = fields.Integer()
    unit_id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    version_no = fields.Integer()
    title = fields.String()
    number_text = fields.String(allow_none=True)
    issued_on = fields.Date(allow_none=True)
    compiled_on = fields.Date()
    finalised_at = UtcDateTime(allow_none=True)
    updated_at = UtcDateTime(allow_none=True)
    links = fields.Dict(keys=fields.String(), values=fields.String())


class DeadlineSchema(ma.Schema):
    kind = fields.String(validate=validate.OneOf(["task", "submission"]))
    id = fields.Integer()
    title = fields.String()
    unit_id = fields.Integer(allow_none=True)
    due_on = fields.Date()
    effective_due_on = fields.Date(allow_none=True)
    state = fields.String()
    link = fields.String()


class CalendarSchema(ma.Schema):
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    items = fields.List(fields.Nested(DeadlineSchema))


class PlanImportSchema(ma.Schema):
    id = fields.Integer()
    state = fields.String()
    review_url = fields.String(metadata={"description": "Trang xem xét trong ứng dụng: một người phải xác nhận"})
    message = fields.String()


def page_of(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The page of a list: its items and the cursor of the next page (null on the last)."""
    return ma.Schema.from_dict({"items": fields.List(fields.Nested(item_schema)),
                                "next_cursor": fields.String(allow_none=True)}, name=name)
