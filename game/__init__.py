"""Demarche: a negotiation role-playing game for Foreign Service officers."""

__version__ = "0.3.0"
