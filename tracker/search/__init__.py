"""Full-text search over documents, tasks, progress updates, reports and units, scoped to what the user may see."""
