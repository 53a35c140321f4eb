"""gRPC client side of the action wrapper contract: values, executions, logs."""
