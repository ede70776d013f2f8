"""Clerk: accessible static sites for committee papers."""

__version__ = "0.1.0"
