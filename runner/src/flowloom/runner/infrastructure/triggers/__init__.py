"""Trigger supervision on this host: sources streaming over gRPC and cron schedules."""
