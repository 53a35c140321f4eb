"""`flowloom`: the command line of a Flowloom installation, built on the generated SDK."""
