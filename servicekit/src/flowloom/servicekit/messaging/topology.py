"""Naming rules of docs/architecture.md §5: exchanges per emitter, queues per consumer."""


def exchange_name(emitter: str) -> str:
    return f"{emitter}.events"


def queue_name(consumer: str, emitter: str, routing_key: str) -> str:
    return f"{consumer}.{emitter}.{routing_key}"
