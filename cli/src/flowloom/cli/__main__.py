"""`python -m flowloom.cli`: the same as the `flowloom` script."""

from flowloom.cli.main import app

app()
