"""Domain errors: a service raises one with a Vietnamese message the route shows as is."""


class DomainError(Exception):
    """A rule was broken; nothing was changed. `str(error)` is the user-facing message."""


class ConflictError(DomainError):
    """Someone else changed the record first (optimistic locking)."""
