"""How long the test suite takes, by tier: ``python benchmarks/suite.py``.

Runs the fast tier (``-m "not e2e"``) and the end-to-end tier (``-m e2e``) one after the
other, each on every core as the README's test command does, and prints their wall times.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def tier(marker: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", marker], cwd=REPO,
                            capture_output=True, text=True)
    last = (result.stdout.strip().splitlines() or ["no output"])[-1]
    return time.perf_counter() - start, last


def main() -> None:
    for name, marker in (("fast tier", "not e2e"), ("end-to-end tier", "e2e")):
        seconds, last = tier(marker)
        print(f"{name:<16}{seconds:8.1f} s   {last}")


if __name__ == "__main__":
    main()
