"""Benchmarks: `python -m bench` runs every module here; they print figures and assert nothing."""

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CASEBOOK_LOCAL", "1")
    import django

    django.setup()
