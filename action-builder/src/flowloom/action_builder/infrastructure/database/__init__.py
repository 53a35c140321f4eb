"""The builder's own small database: the events it owes (outbox) and the builds that ended."""
