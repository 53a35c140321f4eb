"""flowloom-adm: run and administer a Flowloom installation."""
