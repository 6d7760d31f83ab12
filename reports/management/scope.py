"""Shared by the commands that take a framework scope: --framework CODE [--framework-version N]
[--region NAME]."""

from typing import Any

from django.core.management.base import CommandError

from inspection.models import FrameworkVersion, Region


def add_scope_arguments(parser) -> None:
    parser.add_argument("--framework", required=True, help="framework code, e.g. hmip-pdu-2021")
    parser.add_argument(
        "--framework-version", type=int, help="version number (default: the highest loaded)"
    )
    parser.add_argument("--region", help="region name, exactly as stored (default: national)")


def scope_or_error(options: dict[str, Any]) -> tuple[FrameworkVersion, Region | None]:
    """The framework version and region the options name, or a one-line CommandError."""
    code, number = options["framework"], options["framework_version"]
    versions = FrameworkVersion.objects.filter(code=code).defer("source").order_by("-version")
    if number is not None:
        versions = versions.filter(version=number)
    framework = versions.first()
    if framework is None:
        if number is not None and FrameworkVersion.objects.filter(code=code).exists():
            raise CommandError(f"framework {code} has no version {number}")
        raise CommandError(f"no framework with code {code!r}")
    region = None
    if options["region"] is not None:
        region = Region.objects.filter(name=options["region"]).first()
        if region is None:
            known = ", ".join(Region.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"no region named {options['region']!r} (regions: {known})")
    return framework, region
