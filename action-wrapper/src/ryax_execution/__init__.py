"""Compatibility package for older actions: `ryax_execution.ryax_source_protocol`."""
