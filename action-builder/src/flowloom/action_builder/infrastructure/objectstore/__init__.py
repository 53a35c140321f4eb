"""The object store: source archives, cached environments, artefacts and build logs."""
