"""Use cases of the builder: build an action, cancel a build."""
