"""Use cases of the authorization service, orchestrating the domain through its ports."""
