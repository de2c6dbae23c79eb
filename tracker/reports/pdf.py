"""A .docx as PDF through LibreOffice headless: its own scratch folder and profile, bounded in time, killed whole
on a time-out, so a request never hangs on it."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from flask import current_app, has_app_context

from tracker.core.exceptions import DomainError
from tracker.core.storage import file_root

DEFAULT_TIMEOUT = 90


class PdfError(DomainError):
    """The PDF could not be made; the message says what to do instead."""


def _timeout() -> int:
    return int(current_app.config.get("PDF_TIMEOUT", DEFAULT_TIMEOUT)) if has_app_context() else DEFAULT_TIMEOUT


CACHE_KEEP = 200  # PDFs kept in FILE_ROOT/pdf-cache, the least recently used removed first


def docx_to_pdf(content: bytes, *, timeout: int | None = None) -> bytes:
    """The PDF LibreOffice lays out from the .docx (the same layout the tests check page by page). LibreOffice
    takes seconds, so the PDF of a document already converted (the same parts, whenever they were zipped) is
    read back from FILE_ROOT/pdf-cache, shared by the workers (and the servers, FILE_ROOT being shared)."""
    cached = _cache_file(content)
    if cached is not None and cached.is_file():
        try:
            pdf = cached.read_bytes()
            os.utime(cached)  # recently used
            return pdf
        except OSError:
            pass  # removed meanwhile by another worker's pruning: convert again
    pdf = _convert(content, timeout)
    if cached is not None:
        _store(cached, pdf)
    return pdf


def _cache_file(content: bytes) -> Path | None:
    """Where the PDF of this .docx is kept: named by a digest of its parts' names and contents (a .docx built
    again differs only in its zip's timestamps), or None outside an app or for a file that is not a zip."""
    if not has_app_context():
        return None
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                digest.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    return file_root() / "pdf-cache" / f"{digest.hexdigest()}.pdf"


def _store(path: Path, pdf: bytes) -> None:
    """Write atomically (a worker never reads half a file), then keep the CACHE_KEEP most recently used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as scratch:
            try:
                scratch.write(pdf)
                scratch.close()
                os.replace(scratch.name, path)
            except OSError:
                Path(scratch.name).unlink(missing_ok=True)
                raise
        kept = sorted(path.parent.glob("*.pdf"), key=_used, reverse=True)
        for old in kept[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next conversion


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _convert(content: bytes, timeout: int | None) -> bytes:
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
