"""Markdown rendering: sanitised always, a long text rendered once per process while it is unchanged."""
from tracker.core import markdown as markdown_module
from tracker.core.markdown import render_markdown


def _long(extra: str = "") -> str:
    return "# Kế hoạch\n\n" + "\n\n".join(f"{n}. Nhiệm vụ số {n} của Công an tỉnh." for n in range(200)) + extra


def test_script_and_handlers_are_removed_short_and_long():
    attack = '\n\n<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    for text in ("ngắn" + attack, _long(attack)):
        html = str(render_markdown(text))
        assert "<script" not in html and "onerror" not in html and "javascript:" not in html
        assert "<script" not in str(render_markdown(text))  # the kept copy too


def test_a_long_text_is_rendered_once_and_an_amended_one_afresh(monkeypatch):
    calls = []
    real = markdown_module._render
    monkeypatch.setattr(markdown_module, "_render", lambda text: calls.append(text) or real(text))
    text = _long("\n\nlần 1")
    first = render_markdown(text)
    assert render_markdown(text) == first and len(calls) == 1
    amended = render_markdown(_long("\n\nlần 2 (sửa đổi)"))
    assert "sửa đổi" in amended and len(calls) == 2
    render_markdown("ngắn")
    render_markdown("ngắn")
    assert calls.count("ngắn") == 2  # short texts are cheap: never kept


def test_what_is_kept_stays_bounded(monkeypatch):
    monkeypatch.setattr(markdown_module, "KEPT_CHARACTERS", 60_000)
    for n in range(20):
        render_markdown(_long(f"\n\nbản {n}"))
    assert markdown_module._kept_size <= 60_000
    assert sum(len(t) + len(h) for t, h in markdown_module._kept.items()) == markdown_module._kept_size
