"""Evidence files: the type is read from the content (magic bytes, zip parts), never trusted from the name."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from tracker.core import storage
from tracker.core.exceptions import DomainError
from tracker.extensions import db

KINDS = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
EXTENSIONS = {"pdf": {"pdf"}, "png": {"png"}, "jpg": {"jpg", "jpeg"}, "docx": {"docx"}, "xlsx": {"xlsx"}}
MAX_FILES = 10


@dataclass
class Upload:
    name: str
    data: bytes
    kind: str = ""


def max_file_bytes() -> int:
    """Per-file limit: TASK_UPLOAD_MAX_MB (default 10 MB)."""
    return int(float(current_app.config.get("TASK_UPLOAD_MAX_MB", 10)) * 1024 * 1024)


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff(data: bytes) -> str | None:
    """The file's real kind from its bytes: pdf, png, jpg, docx, xlsx, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def check(uploads: list[Upload]) -> list[Upload]:
    """Validate every file before anything is saved; raise DomainError naming the bad file."""
    if len(uploads) > MAX_FILES:
        raise DomainError(f"Mỗi lần cập nhật đính kèm tối đa {MAX_FILES} tệp.")
    limit = max_file_bytes()
    for upload in uploads:
        name = storage.display_name(upload.name)
        upload.name = name
        if not upload.data:
            raise DomainError(f"Tệp “{name}” rỗng.")
        if len(upload.data) > limit:
            raise DomainError(f"Tệp “{name}” vượt quá giới hạn {round(limit / (1024 * 1024), 2):g} MB.")
        kind = sniff(upload.data)
        if kind is None:
            raise DomainError(f"Tệp “{name}” không đúng định dạng cho phép (PDF, Word .docx, Excel .xlsx, "
                              "ảnh PNG/JPG); định dạng được kiểm tra theo nội dung tệp.")
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in EXTENSIONS[kind]:
            raise DomainError(f"Tệp “{name}” có đuôi không khớp với nội dung (nội dung là {kind.upper()}).")
        upload.kind = kind
    return uploads


def store(upload: Upload) -> str:
    """Stage the bytes in the file store (in place once the transaction commits); returns their SHA-256 key."""
    return storage.put(db.session, upload.data)


def path_of(key: str) -> Path:
    """The stored file of an evidence row (its SHA-256 key)."""
    return storage.path_of(key)
