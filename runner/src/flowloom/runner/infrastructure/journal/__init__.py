"""The outcome journal: outcomes the database has not recorded yet, in a local file."""
