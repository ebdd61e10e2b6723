#!/usr/bin/env python3
"""Times `itsmlint check` binaries in turns on one corpus, for BENCHMARKS.md's CLI figures.

    python3 benches/compare_cli.py CORPUS BINARY [floor:FLOOR] [BINARY [floor:FLOOR] ...]

Each binary runs N times (default 15, `N=21` to change), the binaries taking turns so that a
slow spell of a shared machine falls on all of them alike; prints the fastest run, the first
quartile and the median of each. `T` sets the thread count (RAYON_NUM_THREADS, default 1).

`floor:FLOOR` names a floor program (`target/floor/release/itsmlint-floor`, which `cargo bench`
builds from `benches/floor`; or the bench binary, `target/release/deps/check-*`) to run
with `--floor` over the corpus's sorted list of `.md` files, in the same turns: each check
binary is then also given as a ratio to the floor listed after it (of the medians, the
median of each round's own ratio, and of the fastest runs), to compare two builds of both.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    corpus, entries = sys.argv[1], sys.argv[2:]
    runs = int(os.environ.get("N", "15"))
    env = dict(os.environ, RAYON_NUM_THREADS=os.environ.get("T", "1"))
    check = ["check", "--today", "2026-06-01", "--format", "json", "--exit-zero", corpus]
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("".join(f"{p}\n" for p in sorted(str(p) for p in Path(corpus).rglob("*.md"))))
        listing.flush()
        commands = {}
        pairs = []
        for entry in entries:
            if entry.startswith("floor:"):
                previous = list(commands)[-1] if commands else None
                if previous is None or previous.startswith("floor:"):
                    print(f"{entry} must follow the check binary it is compared with", file=sys.stderr)
                    return 2
                pairs.append((previous, entry))
                commands[entry] = [entry.removeprefix("floor:"), "--floor", listing.name]
            else:
                commands[entry] = [entry, *check]
        times = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
                times[name].append(time.perf_counter() - start)
    for name, taken in times.items():
        ordered = sorted(taken)
        print(
            f"{name:45} fastest {ordered[0] * 1000:6.1f}  first quartile "
            f"{ordered[len(ordered) // 4] * 1000:6.1f}  median {statistics.median(ordered) * 1000:6.1f} ms"
        )
    for binary, floor in pairs:
        per_round = statistics.median(b / f for b, f in zip(times[binary], times[floor]))
        print(
            f"{binary} / {floor}: medians {statistics.median(times[binary]) / statistics.median(times[floor]):.2f}x"
            f"  per round {per_round:.2f}x  fastest {min(times[binary]) / min(times[floor]):.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
