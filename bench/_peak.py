"""`python bench/_peak.py ARGS`: run `manage.py ARGS` and end stderr with this process's peak
resident memory, `peak-rss-kb N` (VmHWM of its own address space: the wait4/getrusage figure
would also count the benchmark's pages the child shared at fork)."""

import runpy
import sys
from pathlib import Path


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    sys.argv = ["manage.py", *sys.argv[1:]]
    try:
        runpy.run_path(str(root / "manage.py"), run_name="__main__")
    finally:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                print(f"peak-rss-kb {line.split()[1]}", file=sys.stderr, flush=True)


main()
