"""CEL conditions (cel-python): `when` expressions of steps, never `eval`."""
