"""Markdown rendering, always sanitised with nh3 before it reaches a page."""
from __future__ import annotations

import threading
from collections import OrderedDict

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sup", "sub",
    "ul", "ol", "li", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "a", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
KEPT_FROM = 2_000  # characters: a text at least this long is rendered once per process while it is unchanged
KEPT_CHARACTERS = 4_000_000  # texts and their HTML kept, in all (about 8 MB per process)

_kept: OrderedDict[str, Markup] = OrderedDict()
_kept_size = 0
_lock = threading.Lock()


def render_markdown(text: str | None) -> Markup:
    """Markdown → HTML with no script, event handler, style or javascript: URL left. A plan's whole text (14 KB
    on a province plan, up to 100 KB) took 7–9 ms to render on every view of its page: a long text is rendered
    once and kept, by the text itself, so an amended text is rendered afresh and nothing can go stale."""
    text = text or ""
    if len(text) < KEPT_FROM:
        return _render(text)
    global _kept_size
    with _lock:
        found = _kept.get(text)
        if found is not None:
            _kept.move_to_end(text)
            return found
    html = _render(text)
    with _lock:
        if text not in _kept:
            _kept[text] = html
            _kept_size += len(text) + len(html)
        while _kept_size > KEPT_CHARACTERS and _kept:
            old_text, old_html = _kept.popitem(last=False)
            _kept_size -= len(old_text) + len(old_html)
    return html


def _render(text: str) -> Markup:
    html = md.markdown(text, extensions=["tables", "sane_lists", "nl2br"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")
    return Markup(clean)
