"""Flask extensions, created once and bound to the app in create_app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Engine-specific DDL that no model describes (the search index's FTS5 table and its shadow tables on SQLite, its
# GIN expression index on PostgreSQL): autogenerate and the drift test leave it alone.
ENGINE_ONLY = ("search_fts", "search_entry_tsv")
# search_entry.tsv and head_tsv: PostgreSQL's tsvectors (migrations 0020, 0022, 0023), not model columns.
ENGINE_ONLY_COLUMNS = {"tsv", "head_tsv"}


def described_by_models(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001 - Alembic's hook
    """Alembic `include_object`."""
    if type_ == "column" and name in ENGINE_ONLY_COLUMNS:
        return False
    return not (name or "").startswith(ENGINE_ONLY)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True, include_object=described_by_models)
login_manager = LoginManager()
csrf = CSRFProtect()
# Storage from RATELIMIT_STORAGE_URI: memory:// for one process; Redis when several workers must share counts.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
