"""Authorization domain: entities, events, errors and ports (standard library only)."""
