"""What the benchmarks share: the Slack stand-in in its own process, servers started as the
operator starts them, percentiles, resident memory and markdown tables."""

from __future__ import annotations

import multiprocessing
import os
import platform
import socket
import ssl
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import trustme

from slackbot.devtools.slack_standin import SlackStandIn

ROOT = Path(__file__).resolve().parent.parent
# Seeded databases and raw results: reused between runs, never committed.
CACHE = ROOT / "benchmarks" / ".cache"
TEAM = "T0BENCH"
SIGNING_SECRET = "benchmark-signing-secret"  # noqa: S105 (the stand-in's)


def percentile(values: Sequence[float], pct: int) -> float:
    """The nearest-rank percentile (pct in 1..100) of `values`."""
    ordered = sorted(values)
    rank = max(1, -(-pct * len(ordered) // 100))  # ceil(pct/100 * n)
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    cpus = os.cpu_count()
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.release()}, {cpus} cores ({model}), "
        f"Python {platform.python_version()}, load average {load}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """A process and its descendants (worker processes), from /proc."""
    pids = [pid]
    for parent in pids:
        for task in Path(f"/proc/{parent}/task").iterdir():
            children = (task / "children").read_text().split()
            pids += [int(child) for child in children]
    return pids


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the Slack stand-in, in a process of its own ---------------------------------------


def _run_standin(
    conn: Connection,
    latency: float,
    users: Sequence[str],
    tls_files: tuple[str, str] | None,
    post_interval: float | None = None,
) -> None:
    tls = None
    if tls_files is not None:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(*tls_files)
    with SlackStandIn(team_id=TEAM, latency=latency, post_interval=post_interval, tls=tls) as slack:
        for user_id in users:
            slack.add_user(user_id, f"Member {user_id}")
        conn.send((slack.api_url, slack.token))
        while True:
            request = conn.recv()
            verb = request[0]
            if verb == "stop":
                return
            if verb == "trigger":
                conn.send(slack.issue_trigger_id(request[1]))
            elif verb == "response_url":
                conn.send(slack.issue_response_url(request[1], request[2]))
            elif verb == "stats":
                with slack._lock:
                    conn.send(
                        {
                            "calls": len(slack.calls),
                            "failures": list(slack.failures),
                            "trigger_ages": list(slack.trigger_ages),
                            "rate_limited": len(slack.rate_limited),
                        }
                    )
            elif verb == "posts":  # (channel, ts, metadata) of each chat.postMessage
                conn.send(
                    [
                        (m.channel, m.ts, m.metadata)
                        for m in slack.messages()
                        if m.via == "chat.postMessage"
                    ]
                )


class StandInProcess:
    """The stand-in answering from another process: its JSON and Block Kit checks then do not
    compete with the load generator for the interpreter, which would skew the timings.
    Quacks like SlackStandIn for SlackDriver (team_id, trigger ids, response URLs)."""

    team_id = TEAM

    def __init__(
        self,
        *,
        latency: float,
        users: Sequence[str],
        tls: bool = True,
        post_interval: float | None = None,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        # Slack is HTTPS: a certificate from a throwaway authority, which the servers trust
        # through SSL_CERT_FILE (`self.env`), as they would trust Slack's.
        self.env: dict[str, str] = {}
        tls_files = None
        if tls:
            authority = trustme.CA()
            certificate = authority.issue_cert("127.0.0.1", "localhost")
            chain, key = CACHE / "standin-cert.pem", CACHE / "standin-key.pem"
            certificate.private_key_and_cert_chain_pem.write_to_path(str(chain))
            certificate.private_key_pem.write_to_path(str(key))
            authority.cert_pem.write_to_path(str(CACHE / "standin-ca.pem"))
            tls_files = (str(chain), str(key))
            self.env["SSL_CERT_FILE"] = str(CACHE / "standin-ca.pem")
        self._process = context.Process(
            target=_run_standin,
            args=(child, latency, list(users), tls_files, post_interval),
            daemon=True,
        )
        self._process.start()
        self.api_url, self.token = self._conn.recv()

    def _ask(self, *request: Any) -> Any:
        self._conn.send(request)
        return self._conn.recv()

    def issue_trigger_id(self, user_id: str) -> str:
        return self._ask("trigger", user_id)

    def issue_response_url(self, user_id: str, channel_id: str) -> str:
        return self._ask("response_url", user_id, channel_id)

    def stats(self) -> dict[str, Any]:
        return self._ask("stats")

    @property
    def pid(self) -> int:
        assert self._process.pid is not None
        return self._process.pid

    def posts(self) -> list[tuple[str, str, dict[str, Any] | None]]:
        return self._ask("posts")

    def settle(self, quiet: float = 0.5, timeout: float = 60.0) -> None:
        """Wait until the app's work after its acks is over: no Web API call for `quiet` s."""
        deadline = time.monotonic() + timeout
        last = self.stats()["calls"]
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.stats()["calls"]
            if now == last:
                return
            last = now

    def stop(self) -> None:
        self._conn.send(("stop",))
        self._process.join(timeout=10)


# -- servers ----------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base_url: str

    @property
    def events_url(self) -> str:
        return f"{self.base_url}/slack/events"

    def rss_mb(self) -> float:
        """The resident memory of its largest process (a worker, when there are some)."""
        return max(rss_mb(pid) for pid in process_tree(self.process.pid))

    def cpu_seconds(self) -> float:
        """The CPU time of all its processes."""
        return sum(cpu_seconds(pid) for pid in process_tree(self.process.pid))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(
    name: str, args: Sequence[str], env: dict[str, str], cwd: Path, port: int
) -> Server:
    """Start `python <args>` and wait until GET /healthz answers 200."""
    log = (CACHE / f"{name}.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited; see {log.name}")
        try:
            if httpx.get(f"{base_url}/healthz").status_code == 200:
                return Server(name, process, base_url)
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{name} did not become healthy in 60 s; see {log.name}")
        time.sleep(0.1)
