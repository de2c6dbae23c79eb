"""Report forms: shape only; the rules (required sections, numbers, immutability) live in reports.services."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from tracker.core.datefield import VNDateField

MD = {"render_kw": {"rows": 8, "class": "md-source"}}


class ReportForm(FlaskForm):
    lock_version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    autosave = HiddenField(default="")
    issuer_upper = StringField("Cơ quan chủ quản (dòng trên)", validators=[Length(max=200)])
    issuer_name = StringField("Cơ quan ban hành", validators=[Length(max=200)])
    place = StringField("Địa danh", validators=[Length(max=120)])
    title = TextAreaField("Trích yếu", validators=[Length(max=1000)], render_kw={"rows": 2})
    opening_md = TextAreaField("Mở đầu (căn cứ)", **{"render_kw": {"rows": 3, "class": "md-source"}})
    deployment_md = TextAreaField("I. Tình hình triển khai", **MD)
    results_md = TextAreaField("II. Kết quả thực hiện", **{"render_kw": {"rows": 14, "class": "md-source"}})
    assessment_md = TextAreaField("III. Đánh giá chung (kết quả, hạn chế và nguyên nhân)", **MD)
    direction_md = TextAreaField("IV. Phương hướng, nhiệm vụ thời gian tới", **MD)
    proposals_md = TextAreaField("V. Đề xuất, kiến nghị", **MD)
    signer_authority = StringField("Thẩm quyền ký (TM., KT., T/M...; xuống dòng bằng “ / ”)",
                                   validators=[Length(max=120)])
    signer_position = StringField("Chức vụ người ký", validators=[Length(max=120)])
    signer_name = StringField("Họ tên người ký", validators=[Length(max=120)])
    recipients_md = TextAreaField("Nơi nhận (mỗi dòng một nơi)", render_kw={"rows": 4})


class VersionForm(FlaskForm):
    """Actions that only carry the version the user saw (recompile, restore, correct)."""

    lock_version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class FinaliseForm(FlaskForm):
    lock_version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    number = StringField("Số báo cáo", validators=[DataRequired("Hãy nhập số báo cáo (ví dụ 45)."), Length(max=6)],
                         description="Chỉ nhập số; ký hiệu được thêm tự động.")
    issued_on = VNDateField("Ngày ban hành", validators=[DataRequired("Hãy nhập ngày ban hành (ngày/tháng/năm).")])


class SignedForm(FlaskForm):
    file = FileField("Bản đã ký (PDF ký số hoặc bản quét có dấu, tối đa 10 MB)",
                     validators=[FileRequired("Hãy chọn tệp PDF bản đã ký.")])
    confirm = BooleanField("Vẫn tải lên dù số văn bản trong tệp khác")
