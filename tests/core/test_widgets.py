"""FastSelect writes the same <select> as WTForms' own widget, option for option."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, SelectMultipleField
from wtforms.widgets import Select

from tracker.core.widgets import FastSelect

CHOICES = [(1, 'Ủy ban nhân dân "tỉnh" <A> & B'), (2, "Công an"), (30, "")]


class Both(Form):
    fast = SelectField(choices=CHOICES, coerce=int, widget=FastSelect())
    slow = SelectField(choices=CHOICES, coerce=int, widget=Select())
    fast_many = SelectMultipleField(choices=CHOICES, coerce=int, widget=FastSelect(multiple=True))
    slow_many = SelectMultipleField(choices=CHOICES, coerce=int, widget=Select(multiple=True))
    fast_kw = SelectField(choices=[(1, "a", {"disabled": True}), (2, "b")], coerce=int, widget=FastSelect())
    slow_kw = SelectField(choices=[(1, "a", {"disabled": True}), (2, "b")], coerce=int, widget=Select())


def test_fast_select_writes_what_wtforms_writes():
    form = Both(MultiDict([("fast", "2"), ("slow", "2"), ("fast_many", "1"), ("fast_many", "30"),
                           ("slow_many", "1"), ("slow_many", "30"), ("fast_kw", "2"), ("slow_kw", "2")]))
    for name in ("", "_many", "_kw"):
        fast = form[f"fast{name}"](class_="form-select").replace(f'fast{name}', "X")
        slow = form[f"slow{name}"](class_="form-select").replace(f'slow{name}', "X")
        assert fast == slow
    html = form.fast()
    assert 'selected value="2"' in html and "&lt;A&gt; &amp; B" in html and "&#34;tỉnh&#34;" in html
    assert '<option value="30">30</option>' in html  # an empty label shows the value, as WTForms does
