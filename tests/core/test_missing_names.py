"""The tests' templates fail on a name their route did not pass (the add-task page once printed no units that
way), but an optional key or attribute of something passed stays empty, as on served pages."""
from __future__ import annotations

import pytest
from jinja2 import Environment
from jinja2.exceptions import UndefinedError

from tracker.core.templating import MissingNameUndefined


@pytest.mark.parametrize("source", ["{{ forgotten }}", "{% if forgotten %}x{% endif %}",
                                    "{% for x in forgotten %}{{ x }}{% endfor %}", "{{ forgotten|length }}"])
def test_a_name_the_route_did_not_pass_fails(source):
    with pytest.raises(UndefinedError):
        Environment(undefined=MissingNameUndefined).from_string(source).render()


def test_an_optional_key_of_a_passed_row_stays_empty():
    env = Environment(undefined=MissingNameUndefined)
    page = env.from_string("[{{ row.unit_id }}]{% if row.unit_id %}x{% endif %}{{ 'y' if forgotten is defined }}")
    assert page.render(row={"unit": "Công an"}) == "[]"


def test_the_app_uses_it_only_when_asked(app):
    from tracker import create_app

    assert app.jinja_env.undefined is MissingNameUndefined  # the tests' app (tests/conftest.py)
    served = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k"})
    assert served.jinja_env.undefined is not MissingNameUndefined
