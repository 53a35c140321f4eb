"""The bus side of the builder: orders in, results out (protobuf)."""
