"""Flowloom repository service: git sources, scans, action sources, build status."""
