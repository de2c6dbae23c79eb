"""Admin forms for API clients: shape only."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length, Optional

from tracker.api.models import SCOPES
from tracker.api.services import PRINCIPAL_ROLES


class ScopeField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ClientForm(FlaskForm):
    name = StringField("Tên ứng dụng", validators=[DataRequired("Hãy nhập tên ứng dụng."),
                                                    Length(max=200, message="Tối đa 200 ký tự.")])
    unit_id = HiddenField("Đơn vị")
    unit_id_query = StringField("Đơn vị", validators=[Optional(), Length(max=200)])
    role = SelectField("Quyền như người dùng có vai trò", choices=list(PRINCIPAL_ROLES.items()), default="secretariat")
    scopes = ScopeField("Phạm vi", choices=[(k, f"{k} — {v}") for k, v in SCOPES.items()], default=["read"])


class ScopesForm(FlaskForm):
    scopes = ScopeField("Phạm vi", choices=[(k, f"{k} — {v}") for k, v in SCOPES.items()])


class ActionForm(FlaskForm):
    """Rotate or revoke: the CSRF token only."""
