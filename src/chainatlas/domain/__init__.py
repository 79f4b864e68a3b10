"""Entities, value objects and rules: pure Python, no I/O."""
