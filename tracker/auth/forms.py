"""Login and password forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


class PasswordForm(FlaskForm):
    current = PasswordField("Mật khẩu hiện tại", validators=[DataRequired("Hãy nhập mật khẩu hiện tại."),
                                                             Length(max=200)])
    new = PasswordField("Mật khẩu mới (ít nhất 10 ký tự, nên là một cụm từ)",
                        validators=[DataRequired("Hãy nhập mật khẩu mới."), Length(max=200)])
    confirm = PasswordField("Nhập lại mật khẩu mới", validators=[DataRequired("Hãy nhập lại mật khẩu mới."),
                                                                   EqualTo("new", "Hai lần nhập không khớp.")])
    submit = SubmitField("Đổi mật khẩu")


class LoginForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Hãy nhập tên đăng nhập."), Length(max=60)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Hãy nhập mật khẩu."), Length(max=200)])
    remember = BooleanField("Ghi nhớ đăng nhập")
    submit = SubmitField("Đăng nhập")
