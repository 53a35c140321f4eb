"""HTTP plumbing: problem details, health, bearer-token dependency."""
