"""Password hashing, signing keys and token signing."""
