"""Typer command-line interface: thin wrappers over the services."""
