"""Statutory time limits for publishing committee papers in England and Wales."""
