"""Compatibility module for actions written for upstream: `from ryax_wrapper import ...`."""

from flowloom.action_wrapper.source_protocol import RyaxRunStatus, RyaxSourceProtocol

__all__ = ["RyaxRunStatus", "RyaxSourceProtocol"]
