#!/usr/bin/env python3
"""Times `itsmlint check` binaries in turns on one corpus, for BENCHMARKS.md's CLI figures.

    python3 benches/compare_cli.py CORPUS BINARY [BINARY ...]

Each binary runs N times (default 15, `N=21` to change), the binaries taking turns so that a
slow spell of a shared machine falls on all of them alike; prints the fastest run, the first
quartile and the median of each. `T` sets the thread count (RAYON_NUM_THREADS, default 1).
"""

import os
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    corpus, binaries = sys.argv[1], sys.argv[2:]
    runs = int(os.environ.get("N", "15"))
    env = dict(os.environ, RAYON_NUM_THREADS=os.environ.get("T", "1"))
    command = ["check", "--today", "2026-06-01", "--format", "json", "--exit-zero", corpus]
    times = {binary: [] for binary in binaries}
    for _ in range(runs):
        for binary in binaries:
            start = time.perf_counter()
            subprocess.run([binary, *command], stdout=subprocess.DEVNULL, env=env, check=True)
            times[binary].append(time.perf_counter() - start)
    for binary, taken in times.items():
        taken.sort()
        print(
            f"{binary:45} fastest {taken[0] * 1000:6.1f}  first quartile "
            f"{taken[len(taken) // 4] * 1000:6.1f}  median {statistics.median(taken) * 1000:6.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
