"""Run every bench/*.py module (other than this one) that has a `main()`, in name order."""

import importlib
import sys
from pathlib import Path

from bench import setup_django


def main() -> int:
    setup_django()
    here = Path(__file__).parent
    names = sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))
    wanted = sys.argv[1:]
    for name in names:
        if wanted and name not in wanted:
            continue
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "main", None)
        if run is None:
            continue
        print(f"== bench.{name}", flush=True)
        run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
