"""The JSON API (/api/v1) and outgoing webhooks: machine access to the cascade for other systems."""
