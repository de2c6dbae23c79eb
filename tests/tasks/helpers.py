"""Small builders for task tests: sample files of each kind, a logged-in client for any demo user."""
from __future__ import annotations

import io
import zipfile

from tests.conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def office(kind: str) -> bytes:
    """A minimal .docx or .xlsx (a zip with the parts that name its kind)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def client_for(app, username: str):
    client = app.test_client()
    response = login(client, username)
    assert response.status_code == 302
    return client
