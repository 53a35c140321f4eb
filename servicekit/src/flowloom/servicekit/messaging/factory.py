"""Pick the message bus adapter from the URL scheme (docs/architecture.md §3)."""

from urllib.parse import urlsplit

from flowloom.servicekit.messaging.bus import MessageBus


def create_bus(url: str) -> MessageBus:
    """``memory://[name]`` → in-process bus; ``amqp://`` or ``amqps://`` → RabbitMQ."""
    scheme = urlsplit(url).scheme
    if scheme == "memory":
        from flowloom.servicekit.messaging.memory import MemoryBus

        return MemoryBus(url)
    if scheme in ("amqp", "amqps"):
        from flowloom.servicekit.messaging.amqp import AmqpBus

        return AmqpBus(url)
    raise ValueError(
        f"unsupported message bus URL scheme {scheme!r} (expected memory, amqp, amqps)"
    )
