"""The builder's domain: build orders and results, the environment cache key, the rules."""
