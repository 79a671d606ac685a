"""The mutation report of `make mutation`: per module of the safety code, how many mutants
mutmut made, killed and left alive, then each survivor with the line it changed.

Run after `mutmut run` (which keeps its results under mutants/); prints a table. Mutants
not run this time (another module's, when the run was narrowed) are counted apart."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

MUTMUT = str(Path(sys.executable).with_name("mutmut"))
KILLED = {"killed"}
ALIVE = {"survived", "no tests"}  # "no tests": no test reaches the mutated function at all


def module_of(name: str) -> str:
    parts = name.split(".")
    at = next(i for i, p in enumerate(parts) if p.startswith(("x_", "xǁ")))
    return ".".join(parts[:at])


def results() -> list[tuple[str, str]]:
    out = subprocess.run([MUTMUT, "results", "--all", "true"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^\s+(\S+): (.+)$", out, re.M)]


def changed_line(name: str) -> str:
    shown = subprocess.run([MUTMUT, "show", name], capture_output=True, text=True).stdout
    lines = [ln for ln in shown.splitlines() if not ln.startswith(("---", "+++"))]
    minus = [ln[1:].strip() for ln in lines if ln.startswith("-")]
    plus = [ln[1:].strip() for ln in lines if ln.startswith("+")]
    return f"{minus[0] if minus else ''}  →  {plus[0] if plus else '(removed)'}"


def main() -> None:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    alive: dict[str, list[str]] = defaultdict(list)
    for name, status in results():
        module = module_of(name)
        by_module[module][status] += 1
        if status in ALIVE:
            alive[module].append(name)
    print(f"{'module':40} {'run':>5} {'killed':>7} {'alive':>6} {'timeout':>8} {'not run':>8}")
    for module, counts in sorted(by_module.items()):
        run = sum(n for s, n in counts.items() if s != "not checked")
        killed = sum(counts[s] for s in KILLED)
        left = sum(counts[s] for s in ALIVE)
        print(f"{module:40} {run:5} {killed:7} {left:6} {counts['timeout']:8} "
              f"{counts['not checked']:8}")  # fmt: skip
    for module, names in sorted(alive.items()):
        print(f"\nSurviving in {module}:")
        for name in names:
            print(f"  {name.rsplit('.', 1)[1]}: {changed_line(name)}")


if __name__ == "__main__":
    main()
