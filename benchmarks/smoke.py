"""Every benchmark once, with small counts, on SQLite: proves they run (CI), judges no timing.

.venv/bin/python -m benchmarks.smoke
"""

import sys

from benchmarks import ack_latency, app_home, burst, nudge_fanout, nudge_planning


def main() -> int:
    for benchmark in (ack_latency, burst, nudge_planning, app_home, nudge_fanout):
        print(f"\n# {benchmark.__name__} --quick", flush=True)
        if benchmark.main(["--quick"]) != 0:
            print(f"{benchmark.__name__} failed", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
