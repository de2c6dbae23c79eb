"""A .docx as PDF through LibreOffice headless: its own scratch folder and profile, bounded in time, killed whole
on a time-out, so a request never hangs on it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from flask import current_app, has_app_context

from tracker.core.exceptions import DomainError

DEFAULT_TIMEOUT = 90


class PdfError(DomainError):
    """The PDF could not be made; the message says what to do instead."""


def _timeout() -> int:
    return int(current_app.config.get("PDF_TIMEOUT", DEFAULT_TIMEOUT)) if has_app_context() else DEFAULT_TIMEOUT


def docx_to_pdf(content: bytes, *, timeout: int | None = None) -> bytes:
    """The PDF LibreOffice lays out from the .docx (the same layout the tests check page by page)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PdfError("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; hãy tải bản .docx.")
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as scratch:
        folder = Path(scratch)
        source = folder / "document.docx"
        source.write_bytes(content)
        process = subprocess.Popen(
            [soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(folder), str(source)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            process.wait(timeout=timeout or _timeout())
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the office process and its children
            process.wait()
            raise PdfError("Tạo bản PDF quá thời gian cho phép; hãy thử lại sau ít phút hoặc tải bản .docx.") from None
        result = folder / "document.pdf"
        if process.returncode != 0 or not result.is_file():
            raise PdfError("Không tạo được bản PDF từ văn bản này; hãy tải bản .docx.")
        return result.read_bytes()
