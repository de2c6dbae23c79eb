"""Every stored file (evidence, submitted documents and reports) in one place: content-addressed by SHA-256 under
FILE_ROOT, so identical content is stored once; written to a temporary name and moved into place only after the
database transaction commits, removed on rollback, so a failed save leaves no file behind.

Several app servers share FILE_ROOT through a mounted volume (docs/deploy.md); an object-store backend would
replace the four functions `put`, `read`, `exists` and `path_of` here and nothing else.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = re.compile(r"[0-9a-f]{64}")
_PENDING = "storage_pending"
STALE_TMP_SECONDS = 3600


def file_root() -> Path:
    """FILE_ROOT (config or environment), else instance/files."""
    configured = current_app.config.get("FILE_ROOT") or os.environ.get("FILE_ROOT")
    return Path(configured) if configured else Path(current_app.instance_path) / "files"


def display_name(name: str, limit: int = 120) -> str:
    """A file name as users gave it, made safe to keep and send back: its base name only (no folders from any
    system), no control characters, at most `limit` characters with the extension kept."""
    base = re.sub(r"[\x00-\x1f\x7f]", "", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip().strip(".")
    if not base:
        return "tep"
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = base, ""
    room = limit - (len(extension) + 1 if extension else 0)
    return stem[:room].rstrip() + (f".{extension}" if extension else "")


def key_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_of(key: str, root: Path | None = None) -> Path:
    """Where the content with this key lives: <root>/ab/cd/<key>; a key is 64 hex digits, nothing else."""
    if not _KEY.fullmatch(key or ""):
        raise ValueError("not a storage key")
    return (root or file_root()) / key[:2] / key[2:4] / key


def put(session: Session, data: bytes) -> str:
    """Stage `data`; it appears under its key when `session` commits and vanishes if it rolls back."""
    key = key_of(data)
    final = path_of(key)
    if final.exists():
        return key
    tmp_dir = file_root() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{key}.{secrets.token_hex(8)}"
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    session.info.setdefault(_PENDING, []).append((tmp, final))
    return key


def read(key: str) -> bytes:
    return path_of(key).read_bytes()


def exists(key: str) -> bool:
    return path_of(key).exists()


@event.listens_for(Session, "after_commit")
def _move_into_place(session: Session) -> None:
    for tmp, final in session.info.pop(_PENDING, []):
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            tmp.unlink(missing_ok=True)
        else:
            os.replace(tmp, final)  # atomic on one file system: readers see all of the file or none


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    for tmp, _ in session.info.pop(_PENDING, []):
        tmp.unlink(missing_ok=True)


@dataclass
class CheckResult:
    orphans: list[Path] = field(default_factory=list)   # files no row refers to
    missing: list[str] = field(default_factory=list)    # keys rows refer to, without a file
    stale_tmp: list[Path] = field(default_factory=list)  # temporary files of saves that died mid-way


def check(referenced: set[str], root: Path | None = None) -> CheckResult:
    """Compare the files under the root with the keys the database refers to."""
    root = root or file_root()
    result = CheckResult()
    present = set()
    if root.exists():
        for path in root.glob("??/??/*"):
            if _KEY.fullmatch(path.name):
                present.add(path.name)
                if path.name not in referenced:
                    result.orphans.append(path)
        now = time.time()
        result.stale_tmp = [p for p in (root / "tmp").glob("*") if now - p.stat().st_mtime > STALE_TMP_SECONDS] \
            if (root / "tmp").exists() else []
    result.missing = sorted(referenced - present)
    return result


