"""Git access through the git command-line client."""
