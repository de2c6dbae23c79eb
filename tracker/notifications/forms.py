"""Forms of the notification pages: shape only (the choices are checked again by the services)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import Length, Optional

from tracker.notifications.models import KINDS, MODES


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""

    submit = SubmitField("Xác nhận")


class SettingsForm(FlaskForm):
    email = StringField("Thư điện tử", validators=[Optional(), Length(max=200, message="Tối đa 200 ký tự.")])
    submit = SubmitField("Lưu cài đặt")

    def modes(self) -> dict[str, str]:
        return {kind: getattr(self, f"mode_{kind}").data for kind in KINDS}


def settings_form(user, modes: dict[str, str]) -> SettingsForm:
    """The settings form with one radio group per kind of notice, preset to the user's choices."""
    class Form(SettingsForm):
        pass

    for kind, label in KINDS.items():
        setattr(Form, f"mode_{kind}", RadioField(label, choices=list(MODES.items()), default=modes[kind],
                                                 validate_choice=True))
    form = Form()
    if not form.is_submitted():
        form.email.data = user.email or ""
    return form
