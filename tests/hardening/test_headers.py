"""Every page each role reaches: no inline script, handler or style; the security headers on every response,
downloads included; submitted file names reduced to a safe base name."""
import re

import pytest

from tests.conftest import ROLE_USERS
from tests.hardening.fuzzing import crawl
from tracker.core.storage import display_name

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def _check_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp or "sandbox" in csp, url
    assert "unsafe-inline" not in csp, url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_page_has_no_inline_script_and_the_headers(as_role, role):
    client = as_role(role)
    pages, _, statuses = crawl(client, limit=60)
    assert len(pages) > 5
    for url in pages:
        response = client.get(url)
        page = response.get_data(as_text=True)
        _check_headers(response, url)
        assert not INLINE_SCRIPT.search(page), (url, INLINE_SCRIPT.search(page).group(0))
        assert not HANDLER.search(page), (url, HANDLER.search(page).group(0))
        assert not STYLE_ATTR.search(page), (url, STYLE_ATTR.search(page).group(0)[:200])


def test_login_error_and_static_responses_have_the_headers(client):
    for url in ("/login", "/khong-co-trang-nay", "/static/app.css", "/healthz"):
        _check_headers(client.get(url), url)


def test_downloads_have_nosniff(as_role):
    client = as_role("admin")
    pages, _, _ = crawl(client, limit=60)
    html = "".join(client.get(url).get_data(as_text=True) for url in pages[:40])
    downloads = sorted(set(re.findall(r'href="(/[^"]*(?:/file|\.xlsx|/export[^"]*|/docx|\.docx|/evidence/\d+))"', html)))
    assert downloads
    for url in downloads:
        response = client.get(url)
        if response.status_code == 200:
            _check_headers(response, url)


@pytest.mark.parametrize("name,expected", [
    ("C:\\Users\\a\\Desktop\\bao-cao.pdf", "bao-cao.pdf"), ("../../etc/passwd", "passwd"),
    ("/tmp/x/Báo cáo.docx", "Báo cáo.docx"), ("a\x00b\x1f.pdf", "ab.pdf"), ("", "tep"), ("....", "tep"),
    ("x" * 300 + ".docx", "x" * 115 + ".docx"), ("không đuôi " * 30, ("không đuôi " * 30)[:120].rstrip()),
])
def test_submitted_file_names_are_reduced_to_a_safe_base_name(name, expected):
    assert display_name(name) == expected
    assert len(display_name(name)) <= 120
