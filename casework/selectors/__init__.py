"""Reads of casework, one module per topic. Never write here."""
