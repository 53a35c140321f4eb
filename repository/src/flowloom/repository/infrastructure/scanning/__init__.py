"""Scanning of action directories on disk."""
