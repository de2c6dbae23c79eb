"""Read a rendered HTML form back into the fields a browser would submit (for review-page tests)."""
from html import unescape
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, form_id is None, []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif a.get("type") not in ("submit", "button", "file"):
                self.fields.append((a["name"], unescape(a.get("value", ""))))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None, False]
        elif tag == "option" and self._select is not None:
            if "selected" in a or self._select[1] is None:
                if not self._select[2]:
                    self._select[1] = a.get("value", "")
                self._select[2] = self._select[2] or "selected" in a

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            value = self._textarea[1][1:] if self._textarea[1].startswith("\n") else self._textarea[1]
            self.fields.append((self._textarea[0], value))
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.append((self._select[0], self._select[1] or ""))
            self._select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_fields(html: str, form_id: str | None = None) -> MultiDict:
    """The submittable fields of the form `form_id` (or of the whole page)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return MultiDict(reader.fields)
