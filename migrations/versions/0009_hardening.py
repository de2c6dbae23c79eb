"""hardening: the scheduler's sweeps recorded (sweep_run, for /healthz); every stored file in the content-addressed file store (tracker/core/storage.py); evidence rows share
a file when their content is identical; submitted documents leave the database for the store

Revision ID: 0009_hardening
Revises: 0011_living_plans
Create Date: 2026-11-29 15:20:00.000000

"""
import hashlib
import os
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = '0009_hardening'
down_revision = '0011_living_plans'
branch_labels = None
depends_on = None


def _root() -> Path:
    configured = current_app.config.get("FILE_ROOT") or os.environ.get("FILE_ROOT")
    return Path(configured) if configured else Path(current_app.instance_path) / "files"


def _old_upload_dir() -> Path:
    configured = current_app.config.get("UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads" / "tasks"


def _place(data: bytes) -> str:
    key = hashlib.sha256(data).hexdigest()
    final = _root() / key[:2] / key[2:4] / key
    if not final.exists():
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(key + ".migrating")
        tmp.write_bytes(data)
        os.replace(tmp, final)
    return key


def upgrade():
    op.create_table('sweep_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=False),
    sa.Column('skipped', sa.Boolean(), nullable=False),
    sa.Column('reminders', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sweep_run'))
    )
    with op.batch_alter_table('sweep_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sweep_run_name'), ['name'], unique=False)

    conn = op.get_bind()
    old_dir, moved = _old_upload_dir(), []
    for row_id, stored_name in conn.execute(sa.text("SELECT id, stored_name FROM evidence")).all():
        old = old_dir / Path(stored_name).name
        if old.exists():  # a row whose file is already missing stays as it is (files check lists it)
            key = _place(old.read_bytes())
            conn.execute(sa.text("UPDATE evidence SET stored_name = :k, sha256 = :k WHERE id = :i"),
                         {"k": key, "i": row_id})
            moved.append(old)
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint('uq_evidence_stored_name', type_='unique')

    for row_id, content in conn.execute(sa.text("SELECT id, content FROM submission_file")).all():
        key = _place(bytes(content))
        conn.execute(sa.text("UPDATE submission_file SET sha256 = :k WHERE id = :i"), {"k": key, "i": row_id})
    with op.batch_alter_table('submission_file', schema=None) as batch_op:
        batch_op.drop_column('content')
    for path in moved:
        path.unlink(missing_ok=True)  # its content is in the store now


def downgrade():
    with op.batch_alter_table('sweep_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sweep_run_name'))
    op.drop_table('sweep_run')

    conn = op.get_bind()
    with op.batch_alter_table('submission_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.LargeBinary(), nullable=True))
    for row_id, key in conn.execute(sa.text("SELECT id, sha256 FROM submission_file")).all():
        path = _root() / key[:2] / key[2:4] / key
        conn.execute(sa.text("UPDATE submission_file SET content = :c WHERE id = :i"),
                     {"c": path.read_bytes() if path.exists() else b"", "i": row_id})
    with op.batch_alter_table('submission_file', schema=None) as batch_op:
        batch_op.alter_column('content', existing_type=sa.LargeBinary(), nullable=False)

    old_dir = _old_upload_dir()
    old_dir.mkdir(parents=True, exist_ok=True)
    for row_id, key, kind in conn.execute(sa.text("SELECT id, sha256, kind FROM evidence")).all():
        path = _root() / key[:2] / key[2:4] / key
        name = f"{row_id:08d}{key[:24]}.{kind}"
        if path.exists():
            (old_dir / name).write_bytes(path.read_bytes())
        conn.execute(sa.text("UPDATE evidence SET stored_name = :n WHERE id = :i"), {"n": name, "i": row_id})
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_evidence_stored_name', ['stored_name'])
