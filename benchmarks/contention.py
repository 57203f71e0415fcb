"""Write throughput under contention, and change-detection latency, per filesystem.

    .venv/bin/python benchmarks/contention.py [--writes N] [--flavours a,b]   (root)

Brings up the netdrive lab (tests/netdrive/lab.py: one folder served on 127.0.0.1 and
mounted twice per FUSE flavour), then for the local disk and each flavour runs 1, 4
and 8 writer processes (split across mounts A and B) doing real store writes (an item
plus a version-checked counter update) and prints writes/s; then the latency from a
write through mount A until a watcher on mount B notices it (p50/p95).  Prints
numbers, asserts nothing.  Leaves the lab up if it was up already.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "netdrive"), str(ROOT)]

from harness import Share, result_of, setup_workspace, spawn  # noqa: E402
from lab import SAFE_FLAVOURS, Lab, unusable_reason  # noqa: E402
from test_change_detection import measure  # noqa: E402


def throughput(a: str, b: str, writers: int, writes: int) -> float:
    """Total store writes per second with ``writers`` processes, half on each mount."""
    started = time.monotonic()
    procs = [spawn("writer", a if n % 2 == 0 else b, f"{writers}x{n}", str(writes),
                   name=f"bench{writers}x{n}") for n in range(writers)]
    done = sum(len(result_of(p)["acked"]) for p in procs)
    return done / (time.monotonic() - started)


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=50, help="writes per writer")
    parser.add_argument("--flavours", default=",".join(SAFE_FLAVOURS))
    args = parser.parse_args()
    flavours = [f for f in args.flavours.split(",") if f]
    reason = unusable_reason()
    if reason and flavours:
        print(f"network flavours skipped: {reason}")
        flavours = []
    lab = Lab()
    was_up = bool(lab.state) and all(lab.status()["mounts"].values())  # type: ignore[union-attr]
    if flavours:
        lab.up()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # Client processes keep their outbox and config under $HOME/clients: not yours.
            os.environ["HOME"] = tmp
            targets: list[tuple[str, Share]] = []
            local = Share("local", str(Path(tmp) / "team.db"), str(Path(tmp) / "team.db"),
                          str(Path(tmp) / "team.db"))
            targets.append(("local disk", local))
            targets += [(f, Share.make(lab, f, "bench")) for f in flavours]
            for label, share in targets:
                setup_workspace(share)
                rates = [throughput(share.a, share.b, n, args.writes) for n in (1, 4, 8)]
                live = measure(share.a, share.b, "watch" if label == "local disk" else "poll")
                rows.append((label, rates, live))
                print(json.dumps({"location": label, "writes_per_s": [round(r, 1) for r in rates],
                                  **live}), flush=True)
    finally:
        if flavours and not was_up:
            lab.down()
    print()
    print(f"{'location':14} {'1 writer':>9} {'4 writers':>10} {'8 writers':>10} "
          f"{'notice p50':>11} {'notice p95':>11}   (writes/s; ms, write on A -> watcher on B)")
    for label, rates, live in rows:
        print(f"{label:14} {rates[0]:9.1f} {rates[1]:10.1f} {rates[2]:10.1f} "
              f"{live['p50_ms']:11.1f} {live['p95_ms']:11.1f}")


if __name__ == "__main__":
    main()
