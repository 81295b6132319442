"""CPU per request, by kind, in one process: what `benchmarks.ack_latency` measures under
load, without the load (no queueing, no lock contention), so the figures repeat well.

The app (or the bare Bolt app) dispatches each signed request itself and waits for the work
after the ack; the Slack stand-in answers from its own process, over HTTPS, at once. The
process's CPU time per request is reported for each kind of `benchmarks.ack_latency`'s mix.

    .venv/bin/python -m benchmarks.request_cpu                 # Parachute on SQLite
    .venv/bin/python -m benchmarks.request_cpu --bare          # the bare Bolt app
    .venv/bin/python -m benchmarks.request_cpu --profile       # and where the time goes
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import Any

from slack_bolt import App, BoltRequest

from benchmarks.ack_latency import KINDS, MEMBERS, RequestMaker
from benchmarks.bare_app import bare_app
from benchmarks.common import CACHE, SIGNING_SECRET, StandInProcess, machine, table


class InThisThread(Executor):
    """Runs each listener at once in the dispatching thread: its CPU is then the
    request's, and a profile sees it."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def build(slack: StandInProcess, database_url: str | None, bare: bool, workdir: str) -> App:
    if bare:
        return bare_app(SIGNING_SECRET, slack.token, slack.api_url)
    from slackbot.app import build_app
    from slackbot.coalesce import Coalescer
    from slackbot.db import Database
    from slackbot.db.migrate import upgrade_to_head
    from slackbot.deps import Deps
    from slackbot.settings import Settings

    url = database_url or f"sqlite:///{workdir}/parachute.db"
    upgrade_to_head(url)
    settings = Settings(
        _env_file=None,
        slack_bot_token=slack.token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        database_url=url,
    )
    # Every App Home redraw at once (members here never open it: none is drawn).
    deps = Deps(db=Database(url), home_redraws=Coalescer(0))
    return build_app(settings, deps=deps, listener_executor=InThisThread())


def measure(
    app: App, maker: RequestMaker, count: int, profile: cProfile.Profile | None = None
) -> dict[str, float]:
    spent = dict.fromkeys(KINDS, 0.0)
    for number in range(count):
        body, headers = maker.make(number)
        request = BoltRequest(body=body.decode(), headers=headers)
        started = time.process_time()
        if profile:
            profile.enable()
        response = app.dispatch(request)
        if profile:
            profile.disable()
        spent[KINDS[number % len(KINDS)]] += time.process_time() - started
        assert response.status == 200, response.body
    return {kind: seconds * 1000 / (count / len(KINDS)) for kind, seconds in spent.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=400, help="requests, all kinds in turn")
    parser.add_argument("--bare", action="store_true", help="the bare Bolt app instead")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--quick", action="store_true", help="smoke run: 40 requests")
    args = parser.parse_args(argv)
    if args.quick:
        args.count = 40
    CACHE.mkdir(parents=True, exist_ok=True)
    print(machine())
    slack = StandInProcess(latency=0.0, users=MEMBERS)
    os.environ.update(slack.env)  # this process trusts the stand-in's certificate
    try:
        with tempfile.TemporaryDirectory() as workdir:
            app = build(slack, args.database_url, args.bare, workdir)
            measure(app, RequestMaker(slack, f"warm{time.time_ns():x}"), 100)
            profile = cProfile.Profile() if args.profile else None
            figures = measure(app, RequestMaker(slack, f"{time.time_ns():x}"), args.count, profile)
    finally:
        slack.stop()
    name = "bare Bolt app" if args.bare else "Parachute"
    mean = sum(figures.values()) / len(figures)
    print(f"\n## CPU per request, in process ({name})\n")
    print(table([*KINDS, "mean"], [[*(f"{v:.2f} ms" for v in figures.values()), f"{mean:.2f} ms"]]))
    if profile is not None:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
