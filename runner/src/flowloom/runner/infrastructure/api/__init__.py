"""HTTP API of the runner: runs, executions, logs, results, deployments, webhooks."""
