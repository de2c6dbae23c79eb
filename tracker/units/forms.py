"""Unit forms: shape only; rules live in units.services."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from tracker.core.datefield import VNDateField
from tracker.units.models import KIND_LABELS, LEVEL_LABELS

REQUIRED = "Trường này không được để trống."


class UnitForm(FlaskForm):
    name = StringField("Tên đơn vị", validators=[DataRequired(REQUIRED), Length(max=200, message="Tối đa 200 ký tự.")])
    short_name = StringField("Tên viết tắt", validators=[Optional(), Length(max=60, message="Tối đa 60 ký tự.")])
    kind = SelectField("Loại đơn vị", choices=list(KIND_LABELS.items()))
    level = SelectField("Cấp", choices=list(LEVEL_LABELS.items()))
    effective_from = VNDateField("Hoạt động từ ngày", validators=[Optional()])
    renamed_on = VNDateField("Áp dụng tên mới từ ngày", validators=[Optional()])
    submit = SubmitField("Lưu")


class MoveForm(FlaskForm):
    parent_id = HiddenField("Đơn vị cấp trên mới")
    parent_query = StringField("Đơn vị cấp trên mới", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Chuyển")


class RetireForm(FlaskForm):
    retired_on = VNDateField("Ngày chấm dứt hoạt động", validators=[DataRequired("Hãy nhập ngày chấm dứt hoạt động.")])
    successor_id = HiddenField("Đơn vị kế thừa")
    successor_query = StringField("Đơn vị kế thừa", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Xác nhận chấm dứt")


class AliasForm(FlaskForm):
    name = StringField("Tên gọi khác", validators=[DataRequired(REQUIRED), Length(max=200, message="Tối đa 200 ký tự.")])
    submit = SubmitField("Thêm")


class DeleteAliasForm(FlaskForm):
    alias_id = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Bỏ")


class ProposalCreateForm(FlaskForm):
    name = StringField("Tên đơn vị", validators=[DataRequired(REQUIRED), Length(max=200, message="Tối đa 200 ký tự.")])
    kind = SelectField("Loại đơn vị", choices=list(KIND_LABELS.items()))
    submit = SubmitField("Tạo đơn vị")


class ProposalMapForm(FlaskForm):
    unit_id = HiddenField("Đơn vị có sẵn")
    unit_query = StringField("Đơn vị có sẵn", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Gắn với đơn vị này")


class ProposalRejectForm(FlaskForm):
    note = StringField("Lý do không tạo", validators=[DataRequired("Hãy ghi lý do không tạo đơn vị."),
                                                      Length(max=1000, message="Tối đa 1000 ký tự.")])
    submit = SubmitField("Không tạo")
