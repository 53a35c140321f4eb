"""Flowloom action wrapper: runs one Ryax-format action behind a gRPC server."""
