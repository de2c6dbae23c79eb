"""Unit forms: shape only; rules live in units.services."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.core.datefield import VNDateField
from tracker.units.models import KIND_LABELS, LEVEL_LABELS, USER_ACTIONS

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


class ReorganisationForm(FlaskForm):
    name = StringField("Tên đợt sắp xếp", validators=[DataRequired(REQUIRED), Length(max=200, message="Tối đa 200 ký tự.")])
    effective_on = VNDateField("Ngày có hiệu lực", validators=[DataRequired("Hãy nhập ngày có hiệu lực.")])
    submit = SubmitField("Tạo đợt sắp xếp")


class ReorganisationItemForm(FlaskForm):
    old_unit_id = HiddenField("Đơn vị bị sắp xếp")
    old_unit_query = StringField("Đơn vị bị sắp xếp (giải thể, sáp nhập, chia tách)",
                                 validators=[Optional(), Length(max=200)])
    successor_id = HiddenField("Đơn vị kế thừa")
    successor_query = StringField("Đơn vị kế thừa (mặc định)", validators=[Optional(), Length(max=200)])
    users_action = SelectField("Tài khoản người dùng của đơn vị", choices=list(USER_ACTIONS.items()), default="move")
    submit = SubmitField("Thêm vào đợt sắp xếp")


class ReorganisationOverrideForm(FlaskForm):
    item_id = SelectField("Đơn vị bị chia tách", coerce=int, choices=[])
    kind = SelectField("Loại việc", choices=[("task", "Nhiệm vụ"), ("duty", "Chế độ báo cáo")])
    object_id = IntegerField("Số hiệu (#) nhiệm vụ hoặc chế độ báo cáo", validators=[
        DataRequired("Hãy nhập số hiệu nhiệm vụ hoặc chế độ báo cáo."), NumberRange(1, 2**31 - 1, "Số hiệu không hợp lệ.")])
    target_id = HiddenField("Đơn vị tiếp nhận")
    target_query = StringField("Đơn vị tiếp nhận", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Giao lại")


class ApplyReorganisationForm(FlaskForm):
    submit = SubmitField("Áp dụng ngay")
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
