"""Async SQLAlchemy engines, unit of work, outbox and inbox tables."""
