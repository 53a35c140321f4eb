"""A PostgreSQL cluster and a RabbitMQ node of a test's own, to kill and restart (fault injection).

Never the machine's shared servers: each runs on free loopback ports with its data in a
directory of its own, and `cleanup()` leaves nothing behind."""

from flowloom.testkit.faults.postgres import PrivatePostgres, postgres_binaries
from flowloom.testkit.faults.rabbitmq import PrivateRabbitMQ, rabbitmq_server_script

__all__ = ["PrivatePostgres", "PrivateRabbitMQ", "postgres_binaries", "rabbitmq_server_script"]
