"""Reads of a framework version's structure, kept in process memory.

A framework version's domains, standards and items change only through `framework_load`, which
saves the version — a new `loaded_at` — in the same transaction (and refuses to change the
structure of a version an inspection uses). So what is read here is kept per
(version, `loaded_at`): an entry of an older load is never used again. The instances are shared:
callers read them and never change them.
"""

from datetime import datetime
from functools import lru_cache

from inspection.declared import declared_forget
from inspection.models import FrameworkSample, FrameworkVersion, Item, Standard


@lru_cache(maxsize=32)
def _items_kept(framework_id: int, loaded_at: datetime) -> tuple[Item, ...]:
    return tuple(
        Item.objects.filter(framework_id=framework_id)
        .select_related("standard__sample")
        .order_by("order")
    )


@lru_cache(maxsize=32)
def _standards_kept(framework_id: int, loaded_at: datetime) -> tuple[Standard, ...]:
    return tuple(Standard.objects.filter(framework_id=framework_id).order_by("order"))


@lru_cache(maxsize=32)
def _samples_kept(framework_id: int, loaded_at: datetime) -> tuple[FrameworkSample, ...]:
    return tuple(FrameworkSample.objects.filter(framework_id=framework_id).order_by("order"))


def framework_samples(framework: FrameworkVersion) -> tuple[FrameworkSample, ...]:
    """The version's stored samples in the file's order (none for a version stored without
    any: its one sample is "cases"); kept like the items."""
    return _samples_kept(framework.pk, framework.loaded_at)


def framework_items(framework: FrameworkVersion) -> tuple[Item, ...]:
    """Every item of the version with its standard and the standard's sample, in framework
    order: one query the first time this process asks for this load of the version, none
    after."""
    return _items_kept(framework.pk, framework.loaded_at)


def framework_standards(framework: FrameworkVersion) -> tuple[Standard, ...]:
    """Every standard of the version (judgement-rated ones too), in order; kept like the items."""
    return _standards_kept(framework.pk, framework.loaded_at)


def framework_structure_forget() -> None:
    """Empty this process's copies (for tests that change a framework's rows in place, which the
    application never does)."""
    _items_kept.cache_clear()
    _standards_kept.cache_clear()
    _samples_kept.cache_clear()
    declared_forget()
