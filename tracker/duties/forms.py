"""Duty forms: shape only; the rules live in duties.services."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.core.datefield import VNDateField
from tracker.core.periods import CUTOFFS, SCHEDULES
from tracker.core.widgets import FastSelect
from tracker.duties.models import DUTY_KINDS, OWNER_MODES


class DutyForm(FlaskForm):
    title = TextAreaField("Nội dung phải báo cáo", validators=[
        DataRequired("Hãy nhập nội dung phải báo cáo."), Length(max=1000, message="Tối đa 1000 ký tự.")])
    kind = SelectField("Loại", choices=list(DUTY_KINDS.items()), default="plan")
    schedule = SelectField("Kỳ báo cáo", choices=list(SCHEDULES.items()), default="once")
    due_on = VNDateField("Hạn nộp (báo cáo một lần)", validators=[Optional()])
    first_year = IntegerField("Từ năm", validators=[Optional(), NumberRange(2000, 2100, "Năm không hợp lệ.")])
    last_year = IntegerField("Đến năm", validators=[Optional(), NumberRange(2000, 2100, "Năm không hợp lệ.")])
    cutoff = SelectField("Thời gian chốt số liệu", choices=list(CUTOFFS.items()), default="nd09")
    due_day = IntegerField("Hạn nộp: ngày", default=18, validators=[NumberRange(1, 31, "Ngày từ 1 đến 31.")])
    due_month_offset = IntegerField("của tháng thứ … sau tháng cuối kỳ (0 = chính tháng cuối kỳ)", default=0,
                                    validators=[NumberRange(0, 2, "Từ 0 đến 2.")])
    recipient_id = SelectField("Báo cáo gửi", coerce=int, widget=FastSelect(), validators=[DataRequired("Hãy chọn nơi nhận báo cáo.")])
    via_id = SelectField("Qua (cơ quan tham mưu)", coerce=int, widget=FastSelect(), validators=[Optional()])
    owners_mode = SelectField("Đơn vị phải báo cáo", choices=list(OWNER_MODES.items()), default="subordinates")
    owner_ids = SelectMultipleField("Các đơn vị được chọn", coerce=int, widget=FastSelect(multiple=True), validators=[Optional()])
    remind_before_days = IntegerField("Nhắc trước (ngày làm việc)", default=3, validators=[NumberRange(0, 20)])
    repeat_every_days = IntegerField("Nhắc lại sau mỗi (ngày làm việc)", default=2, validators=[NumberRange(1, 20)])
    grace_days = IntegerField("Ân hạn trước khi khóa kỳ (ngày)", default=5, validators=[NumberRange(0, 90)])
    submit = SubmitField("Lưu chế độ báo cáo")


class SubmitForm(FlaskForm):
    number_text = StringField("Số, ký hiệu văn bản", validators=[
        DataRequired("Hãy nhập số, ký hiệu văn bản."), Length(max=60, message="Tối đa 60 ký tự.")],
        description="Ví dụ: 12-KH/ĐU hoặc 45/BC-UBND")
    issued_on = VNDateField("Ngày văn bản", validators=[DataRequired("Hãy nhập ngày văn bản (ngày/tháng/năm).")])
    file = FileField("Tệp văn bản (.docx hoặc .pdf, tối đa 10 MB)", validators=[FileRequired("Hãy chọn tệp văn bản.")])
    submit = SubmitField("Nộp báo cáo")


class ReturnForm(FlaskForm):
    comment = TextAreaField("Lý do trả lại", validators=[DataRequired("Hãy ghi rõ lý do trả lại."),
                                                         Length(max=2000, message="Tối đa 2000 ký tự.")])
    submit = SubmitField("Trả lại")


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""

    submit = SubmitField("Xác nhận")


DEFAULT_NOTE = "Đề nghị đơn vị khẩn trương hoàn thành và gửi báo cáo."


class RemindLateForm(FlaskForm):
    """Ask before reminding: which late units (all ticked at first), the sender's words, a preview."""

    expected_ids = SelectMultipleField("Đơn vị được nhắc", coerce=int, widget=ListWidget(prefix_label=False),
                                       option_widget=CheckboxInput())
    note = TextAreaField("Lời nhắc (có thể sửa)", default=DEFAULT_NOTE,
                         validators=[Length(max=1000, message="Tối đa 1000 ký tự.")])
    period = HiddenField()
    back = HiddenField()
