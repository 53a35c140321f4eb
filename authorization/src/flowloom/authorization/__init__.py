"""Flowloom authorization service: users, projects, roles, tokens and API keys."""
