"""Compatibility module: `from ryax_execution.ryax_source_protocol import RyaxSourceProtocol`."""

from flowloom.action_wrapper.source_protocol import RyaxRunStatus, RyaxSourceProtocol

__all__ = ["RyaxRunStatus", "RyaxSourceProtocol"]
