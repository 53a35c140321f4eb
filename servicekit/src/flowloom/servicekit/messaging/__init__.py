"""Message bus port, topology naming and the memory / AMQP adapters."""

from flowloom.servicekit.messaging.bus import Envelope, Handler, MessageBus, QueueBinding
from flowloom.servicekit.messaging.factory import create_bus

__all__ = ["Envelope", "Handler", "MessageBus", "QueueBinding", "create_bus"]
