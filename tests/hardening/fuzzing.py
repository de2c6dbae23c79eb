"""What the fuzz tests and the adversarial sweep share: a crawler that finds every page and POST form a user
reaches, and hypothesis strategies for hostile values (NUL, huge, negative, wrong types, NFD, RTL)."""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from hypothesis import strategies as st

SKIP_ACTIONS = ("/logout",)
# Downloads and feeds are binary; the crawler does not follow them (the sweep requests them).
SKIP_LINKS = re.compile(r"\.(docx|xlsx|ics|pdf|png|jpg)$|/download|/export|/evidence/|/files/|/static/")


@dataclass
class FormSpec:
    page: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, value)
    options: dict[str, list[str]] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return re.sub(r"\d+", "N", self.action), tuple(sorted({name for name, _, _ in self.fields}))


class _PageReader(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.links, self.forms = page, [], []
        self._form: FormSpec | None = None
        self._select: str | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = FormSpec(self.page, urljoin(self.page, a.get("action") or self.page)) \
                if method == "post" else None
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.options.setdefault(a["name"], []).append(a.get("value", "on"))
                kind = "unchecked"
            if kind not in ("submit", "button"):
                self._form.fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.fields.append((a["name"], "select", ""))
        elif tag == "option" and self._select:
            self._form.options.setdefault(self._select, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.fields.append((self._textarea[0], "textarea", self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def crawl(client, start: str = "/", limit: int = 80) -> tuple[list[str], list[FormSpec], list[tuple[str, int]]]:
    """Pages reached from `start` by following links (at most `limit`, one per URL shape), the POST forms on
    them (one per action shape and field set), and every (page, status) seen."""
    seen_shapes, pages, forms, statuses, queue = set(), [], {}, [], [start]
    while queue and len(pages) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or SKIP_LINKS.search(parts.path):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        shape = re.sub(r"\d+", "N", parts.path) + "?" + "&".join(sorted(re.sub(r"=[^&]*", "", parts.query).split("&")))
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = client.get(path)
        statuses.append((path, response.status_code))
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        pages.append(path)
        reader = _PageReader("http://localhost" + path)
        reader.feed(response.get_data(as_text=True))
        queue.extend(reader.links)
        for form in reader.forms:
            if not any(urlsplit(form.action).path.endswith(s) for s in SKIP_ACTIONS):
                forms.setdefault(form.key, form)
    return pages, list(forms.values()), statuses


NFD = unicodedata.normalize("NFD", "Ủy ban nhân dân phường Vị Khê tiếp công dân")
RTL = "\u202eمرحبا\u200f עברית \u202c"
HOSTILE = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\x00" * 50, "-1", "-2147483649", str(2**31), str(2**63), "9" * 40, "0", "1.5",
    "1e309", "NaN", "abc", "2025-02-30", "31/12/2025", "9999-12-31", "0000-00-00", NFD, RTL, "<script>x</script>",
    "' OR 1=1 --", "%s%d%(x)s{0}", "../../etc/passwd", "x" * 5000, "\ud7ff\ufffe\uffff", "[#2147483648]",
    "Công an [#99999999999]", "true", "[]", "{}", "null"])
HUGE_TEXT = st.sampled_from(["Lặp lại " * 70_000, "\n" * 50_000, "A" * 300_000])


def value_strategy(kind: str, original: str, options: list[str]):
    """What a hostile client might send in one field: the page's own value, a valid option, or a hostile one."""
    keep = [st.just(original)] + ([st.sampled_from(options)] if options else [])
    text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    hostile = [HOSTILE, text, st.integers(min_value=-(2**70), max_value=2**70).map(str)]
    if kind in ("textarea", "text", "search", "hidden"):
        hostile.append(HUGE_TEXT)
    return st.one_of(*keep, *hostile)


def form_data(draw, form: FormSpec, csrf: str | None):
    """A hostile submission of `form` drawn with hypothesis (the CSRF token kept valid)."""
    data: list[tuple[str, object]] = []
    files = False
    for name, kind, original in form.fields:
        if name == "csrf_token":
            data.append((name, csrf or original))
            continue
        if kind == "file":
            files = True
            content = draw(st.sampled_from([b"", b"%PDF-1.4\n%%EOF", b"\x00" * 100, b"PK\x03\x04garbage",
                                            "Kế hoạch\n1. Nhiệm vụ".encode()]))
            filename = draw(st.sampled_from(["a.pdf", "x" * 300 + ".docx", "../../a.docx", "a\x00.pdf", "", "ả.txt",
                                             "C:\\tmp\\b.docx", RTL + ".pdf"]))
            data.append((name, (io.BytesIO(content), filename)))
            continue
        if kind == "unchecked":
            if draw(st.booleans()):
                data.append((name, draw(st.sampled_from(form.options.get(name) or ["on"]))))
            continue
        value = draw(value_strategy(kind, original, form.options.get(name, [])))
        data.append((name, value))
        if draw(st.integers(0, 9)) == 0:  # a field sent twice (a list where one value is expected)
            data.append((name, draw(HOSTILE)))
    seen = {n for n, _, _ in form.fields}
    for name in form.options:
        if name not in seen and draw(st.booleans()):
            data.append((name, draw(st.sampled_from(form.options[name]))))
    return data, files


def post_form(client, form: FormSpec, data, files: bool):
    from werkzeug.datastructures import MultiDict

    path = urlsplit(form.action)
    target = path.path + (f"?{path.query}" if path.query else "")
    return client.post(target, data=MultiDict(data), content_type="multipart/form-data" if files else None)


def csrf_of(client, page: str) -> str | None:
    html = client.get(page).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    return found.group(1) if found else None


def review_form(client) -> FormSpec:
    """The import review form, reached by posting a plan's text (it is the answer to a POST, not a link)."""
    from pathlib import Path

    seed = Path(__file__).resolve().parent.parent / "plans" / "seeds" / "000_c7c61f0ecab3ec8b.txt"
    token = csrf_of(client, "/documents/import/")
    page = client.post("/documents/import/", data={"csrf_token": token, "text": seed.read_text()})
    reader = _PageReader("http://localhost/documents/import/")
    reader.feed(page.get_data(as_text=True))
    return next(f for f in reader.forms if f.action.endswith("/documents/import/confirm"))
