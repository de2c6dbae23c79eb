"""Forms of the tasks pages: shape only, the rules live in services."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (HiddenField, IntegerField, MultipleFileField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.core.datefield import VNDateField
from tracker.core.inputs import parse_id
from tracker.core.widgets import FastSelect
from tracker.tasks.models import STATUS_LABELS
from tracker.tasks.services import LEAD_STATUSES

STATUS_CHOICES = [(s, STATUS_LABELS[s]) for s in LEAD_STATUSES]


class UpdateForm(FlaskForm):
    note_md = TextAreaField("Nội dung cập nhật", validators=[Optional(), Length(max=20_000)])
    progress = IntegerField("Tiến độ (%)", validators=[Optional(), NumberRange(0, 100, "Tiến độ phải từ 0 đến 100%%.")])
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
    unit_ids = SelectMultipleField("Đơn vị được đôn đốc", coerce=int, widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput(),
                                   validators=[DataRequired("Hãy chọn ít nhất một đơn vị để đôn đốc.")])
    body_md = TextAreaField("Nội dung đôn đốc", validators=[DataRequired("Hãy nhập nội dung đôn đốc."),
                                                             Length(max=20_000)])


class CommentForm(FlaskForm):
    body_md = TextAreaField("Trao đổi (Markdown; @tên_đăng_nhập để nhắc người liên quan)",
                            validators=[DataRequired("Hãy nhập nội dung trao đổi."), Length(max=20_000)])


class DeriveForm(FlaskForm):
    title = StringField("Trích yếu", validators=[DataRequired("Hãy nhập trích yếu."), Length(max=2000)])
    number_text = StringField("Số, ký hiệu (có thể để trống)", validators=[Optional(), Length(max=80)])
    issued_on = VNDateField("Ngày ban hành", validators=[Optional()])
    issuer_id = SelectField("Cơ quan ban hành", coerce=int, widget=FastSelect())
    place = StringField("Địa danh", validators=[Optional(), Length(max=120)])
    signer_authority = StringField("Thẩm quyền ký (TM., KT., ...)", validators=[Optional(), Length(max=120)])
    signer_position = StringField("Chức vụ người ký", validators=[Optional(), Length(max=120)])
    signer_name = StringField("Họ tên người ký", validators=[Optional(), Length(max=120)])
    recipients = TextAreaField("Nơi nhận (mỗi dòng một nơi; để trống: cấp trên, các đơn vị được giao, lưu VT)",
                               validators=[Optional(), Length(max=5_000)])


def version_of(form) -> int | None:
    """The task version the form was shown with (None when missing or garbled)."""
    return parse_id(form.version.data)


class TaskEditForm(FlaskForm):
    """A task's text, section, deadline and the amending document it is changed under; units and roles come as
    parallel lists (unit_id, role) read by the route."""

    text = TextAreaField("Nội dung nhiệm vụ", validators=[DataRequired("Nội dung nhiệm vụ không được để trống."),
                                                           Length(max=5_000)])
    section_id = SelectField("Thuộc mục", coerce=str, validators=[Optional()])
    due_on = VNDateField("Thời hạn (ngày)", validators=[Optional()])
    deadline_phrase = StringField("Thời hạn ghi trong văn bản", validators=[Optional(), Length(max=500)])
    amended_by = SelectField("Điều chỉnh theo văn bản", coerce=str, validators=[Optional()])
    version = HiddenField()


class WithdrawForm(FlaskForm):
    reason = TextAreaField("Lý do thu hồi", validators=[DataRequired("Hãy ghi rõ lý do thu hồi nhiệm vụ."),
                                                         Length(max=2_000)])
    amended_by = SelectField("Theo văn bản", coerce=str, validators=[Optional()])
    version = HiddenField()


class SplitForm(FlaskForm):
    parts = TextAreaField("Các phần (mỗi dòng một nhiệm vụ)", validators=[DataRequired("Hãy nhập các phần."),
                                                                          Length(max=20_000)])
    version = HiddenField()


class MergeForm(FlaskForm):
    target_id = SelectField("Gộp vào nhiệm vụ", coerce=str)
    text = TextAreaField("Nội dung sau khi gộp (để trống: nối các nội dung)", validators=[Optional(),
                                                                                        Length(max=5_000)])


class MoveForm(FlaskForm):
    offset = HiddenField()


class RevokeForm(FlaskForm):
    kind = SelectField("Hình thức", choices=[("withdrawn", "Thu hồi"), ("cancelled", "Bãi bỏ")])
    reason = TextAreaField("Lý do, văn bản thu hồi/bãi bỏ", validators=[DataRequired(
        "Hãy ghi rõ lý do (và văn bản) thu hồi, bãi bỏ kế hoạch."), Length(max=2_000)])


class DeletePlanForm(FlaskForm):
    confirm = StringField("Gõ XÓA để xác nhận", validators=[DataRequired("Hãy gõ XÓA để xác nhận.")])


class GroupAssignForm(FlaskForm):
    """Give a task to a group: the kind and level picked on the page, the members' role."""
    kind = HiddenField(validators=[DataRequired("Hãy chọn nhóm đơn vị."), Length(max=30)])
    level = HiddenField(validators=[DataRequired("Hãy chọn nhóm đơn vị."), Length(max=20)])
    role = SelectField("Vai trò của các đơn vị trong nhóm", choices=[
        ("lead", "Chủ trì"), ("coordinate", "Phối hợp"), ("request", "Đề nghị")])


class GroupRemoveForm(FlaskForm):
    unit_id = HiddenField(validators=[DataRequired()])
    reason = StringField("Lý do", validators=[DataRequired("Hãy ghi lý do bỏ đơn vị khỏi nhóm."), Length(max=2_000)])


class GroupRemindForm(FlaskForm):
    body_md = TextAreaField("Nội dung đôn đốc", validators=[DataRequired("Hãy nhập nội dung đôn đốc."),
                                                             Length(max=20_000)])
