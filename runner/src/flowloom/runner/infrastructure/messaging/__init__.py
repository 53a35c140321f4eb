"""Messages of the runner: studio orders in, deployment states out, project deletions in."""
