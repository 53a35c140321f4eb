"""Messaging: protobuf codecs (and later the topology, publisher and consumers)."""
