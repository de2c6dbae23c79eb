"""Forms of the tasks pages: shape only, the rules live in services."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.core.datefield import VNDateField
from tracker.tasks.models import STATUS_LABELS
from tracker.tasks.services import LEAD_STATUSES

STATUS_CHOICES = [(s, STATUS_LABELS[s]) for s in LEAD_STATUSES]


class UpdateForm(FlaskForm):
    note_md = TextAreaField("Nội dung cập nhật", validators=[Optional(), Length(max=20_000)])
    progress = IntegerField("Tiến độ (%)", validators=[Optional(), NumberRange(0, 100, "Tiến độ phải từ 0 đến 100%.")])
    reported_on = VNDateField("Ngày cập nhật", validators=[Optional()])
    status = SelectField("Chuyển trạng thái", choices=[("", "— giữ nguyên —")] + STATUS_CHOICES,
                         validators=[Optional()])
    files = MultipleFileField("Tệp minh chứng (PDF, DOCX, XLSX, PNG, JPG)")
    corrects_id = SelectField("Đính chính cho cập nhật", choices=[("", "— không —")], validators=[Optional()])
    version = HiddenField()


class StatusForm(FlaskForm):
    status = SelectField("Trạng thái", choices=STATUS_CHOICES)
    version = HiddenField()


class ConfirmForm(FlaskForm):
    version = HiddenField()


class RefuseForm(FlaskForm):
    reason = TextAreaField("Lý do không xác nhận", validators=[DataRequired("Hãy ghi rõ lý do."),
                                                                Length(max=20_000)])
    version = HiddenField()


class RemindForm(FlaskForm):
    body_md = TextAreaField("Nội dung đôn đốc", validators=[DataRequired("Hãy nhập nội dung đôn đốc."),
                                                             Length(max=20_000)])


class DeriveForm(FlaskForm):
    title = StringField("Trích yếu", validators=[DataRequired("Hãy nhập trích yếu."), Length(max=2000)])
    number_text = StringField("Số, ký hiệu (có thể để trống)", validators=[Optional(), Length(max=80)])
    issued_on = VNDateField("Ngày ban hành", validators=[Optional()])
    issuer_id = SelectField("Cơ quan ban hành", coerce=int)


def version_of(form) -> int | None:
    """The task version the form was shown with (None when missing or garbled)."""
    value = (form.version.data or "").strip()
    return int(value) if value.isdigit() else None
