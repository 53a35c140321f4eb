"""Flowloom action builder: turns action sources into runnable artefacts."""
