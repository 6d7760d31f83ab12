"""Writing framework files in tests, read back the way Casebook reads them (YAML 1.2)."""

import io
from typing import Any

from ruamel.yaml import YAML

from inspection.framework_file import yaml_load

__all__ = ["yaml_dump", "yaml_load"]


def yaml_dump(data: Any) -> str:
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    return out.getvalue()
