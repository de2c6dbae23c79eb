"""Admin forms: users."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from tracker.units.models import ROLE_LABELS


class UserForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Hãy nhập tên đăng nhập."),
                                                         Length(max=60, message="Tối đa 60 ký tự.")])
    full_name = StringField("Họ và tên", validators=[DataRequired("Hãy nhập họ và tên."), Length(max=120)])
    email = StringField("Thư điện tử", validators=[Optional(), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Địa chỉ thư không hợp lệ."), Length(max=200)])
    role = SelectField("Vai trò", choices=list(ROLE_LABELS.items()), default="member")
    unit_id = HiddenField("Đơn vị")
    unit_id_query = StringField("Đơn vị", validators=[Optional(), Length(max=200)])
    password = PasswordField("Mật khẩu (ít nhất 10 ký tự, khác tên đăng nhập)", validators=[Optional(), Length(max=200)])
    is_enabled = BooleanField("Đang hoạt động", default=True)
    submit = SubmitField("Lưu")
