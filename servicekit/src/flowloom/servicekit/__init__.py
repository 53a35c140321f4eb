"""Technical plumbing shared by every Flowloom service (no domain code, no message definitions)."""
