"""Document forms: shape only; rules (number parsing, cycles) live in plans.services."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.core.datefield import VNDateField
from tracker.plans.models import DOC_TYPES, RELATION_LABELS


class DocumentForm(FlaskForm):
    doc_type = SelectField("Loại văn bản", choices=list(DOC_TYPES.items()), default="KH")
    number_text = StringField("Số, ký hiệu", description="Ví dụ: 463-KH/TU, 160/KH-UBND, hoặc /KH-UBND khi chưa có số",
                              validators=[Optional(), Length(max=60, message="Tối đa 60 ký tự.")])
    issued_on = VNDateField("Ngày ban hành", validators=[Optional()])
    issued_year = IntegerField("Năm (khi chưa có ngày)", validators=[
        Optional(), NumberRange(1945, 2100, message="Năm không hợp lệ.")])
    issuer_id = HiddenField("Cơ quan ban hành")
    issuer_id_query = StringField("Tìm cơ quan ban hành", validators=[Optional(), Length(max=200)])
    issuer_name = StringField("Tên cơ quan ban hành (nếu khác tên hiện tại)",
                              validators=[Optional(), Length(max=200, message="Tối đa 200 ký tự.")])
    title = TextAreaField("Trích yếu", validators=[DataRequired("Hãy nhập trích yếu văn bản."),
                                                   Length(max=2000, message="Tối đa 2000 ký tự.")])
    place = StringField("Địa danh", validators=[Optional(), Length(max=120, message="Tối đa 120 ký tự.")])
    signer_authority = StringField("Thẩm quyền ký (TM., KT., T/M...)", validators=[Optional(), Length(max=120)])
    signer_position = StringField("Chức vụ người ký", validators=[Optional(), Length(max=120)])
    signer_name = StringField("Người ký", validators=[Optional(), Length(max=120)])
    body_md = TextAreaField("Toàn văn", description="Để trống nếu chỉ lưu tham chiếu. Dòng bắt đầu bằng “- ” là "
                                                    "gạch đầu dòng; **chữ** là chữ đậm.",
                            validators=[Optional(), Length(max=500_000, message="Nội dung quá dài.")])
    visibility = SelectField("Phạm vi xem", default="auto", choices=[
        ("auto", "Mặc định: công khai nếu do cơ quan Trung ương ban hành"),
        ("public", "Công khai: mọi người dùng đều xem được"),
        ("scoped", "Chỉ cơ quan ban hành, cơ quan cấp trên và các đơn vị được giao, nơi nhận")])
    submit = SubmitField("Lưu văn bản")


class LinkForm(FlaskForm):
    parent_id = HiddenField("Văn bản cấp trên", validators=[DataRequired("Hãy chọn văn bản cấp trên.")])
    parent_query = StringField("Tìm văn bản cấp trên", validators=[Optional(), Length(max=200)])
    relation = SelectField("Quan hệ", choices=list(RELATION_LABELS.items()), default="implements")
    submit = SubmitField("Thêm liên kết")


class UnlinkForm(FlaskForm):
    link_id = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Bỏ liên kết")


class ImportForm(FlaskForm):
    file = FileField("Tệp kế hoạch (.docx, .txt, .md, .pdf, ảnh JPG/PNG/HEIC)")
    text = TextAreaField("Hoặc dán nội dung kế hoạch", validators=[Optional(), Length(max=2_000_000)])
    submit = SubmitField("Đọc và rà soát")
