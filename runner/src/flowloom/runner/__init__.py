"""Flowloom runner: deployments, runs, executions, IO, logs and schedules."""
