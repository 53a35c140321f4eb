"""The object store of the workflows' static files."""
