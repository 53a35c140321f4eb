"""Flowloom studio: the action store, workflows, versions, variables and secrets."""
