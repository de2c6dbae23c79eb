"""placeholder."""
from tracker.duties import models  # noqa: F401
