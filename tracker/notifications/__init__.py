"""Notifications: who is told what (in-app, mail now or in the daily digest), per-user preferences, the inbox of
documents from above. Listens to the domain events of tracker.core.events."""
