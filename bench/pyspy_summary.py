"""Summarise a py-spy profile (``py-spy record -f raw``): the frames with most samples on their own
(self) and the project's frames with most samples under them (inclusive), as shares of all samples.

    py-spy record -p API_PID --subprocesses --gil -r 100 -d 50 -f raw -o prof.txt
    python bench/pyspy_summary.py prof.txt --top 30

``--gil`` keeps only samples of threads holding the GIL: Python CPU, not waits on the database.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

PROJECT = ("lineage", "describe", "falkordb_", "answer_cache", "resolve", "element_cache", "routes", "queries", "store")


def summarise(path: Path, top: int) -> str:
    own: collections.Counter[str] = collections.Counter()
    under: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = [re.sub(r" \((/.*/)?([^/]+\.py):\d+\)", r" (\2)", f) for f in stack.split(";")]
        frames = [f for f in frames if not f.startswith("process ")]
        if frames:
            own[frames[-1]] += n
        for frame in set(frames):
            under[frame] += n
    out = [f"samples: {total}", "-- self --"]
    out += [f"{100 * n / total:5.1f}%  {f}" for f, n in own.most_common(top)]
    out.append("-- inclusive (project frames) --")
    out += [f"{100 * n / total:5.1f}%  {f}" for f, n in under.most_common() if any(k in f for k in PROJECT)][:top]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    print(summarise(args.profile, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
