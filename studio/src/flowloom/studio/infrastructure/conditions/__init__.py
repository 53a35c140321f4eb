"""Step conditions in CEL."""
