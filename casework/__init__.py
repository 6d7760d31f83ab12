"""Casework: cases, their answers and evidence, interviews, quality assurance, autosave."""
