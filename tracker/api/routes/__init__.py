"""The API endpoints, one module per area."""
