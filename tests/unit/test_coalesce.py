"""The coalescer behind App Home redraws: one run at once, then one per window, the latest."""

import threading

import pytest

from slackbot.coalesce import Coalescer

WINDOW = 0.2


def test_the_first_change_runs_at_once_in_the_callers_thread() -> None:
    ran: list[str] = []
    Coalescer(WINDOW).submit("alice", lambda: ran.append(threading.current_thread().name))
    assert ran == [threading.current_thread().name]


def test_a_burst_runs_once_more_at_the_end_of_the_window_with_the_latest_action() -> None:
    coalescer = Coalescer(WINDOW)
    ran: list[int] = []
    done = threading.Event()

    def run(number: int) -> None:
        ran.append(number)
        if number == 4:
            done.set()

    for number in range(5):
        coalescer.submit("alice", lambda number=number: run(number))
    assert ran == [0]  # the rest waits for the window
    assert done.wait(5)
    assert ran == [0, 4]


def test_members_do_not_wait_for_each_other() -> None:
    coalescer = Coalescer(60)
    ran: list[str] = []
    coalescer.submit("alice", lambda: ran.append("alice"))
    coalescer.submit("bob", lambda: ran.append("bob"))
    assert ran == ["alice", "bob"]


def test_after_a_quiet_window_a_change_runs_at_once_again() -> None:
    now = [0.0]
    coalescer = Coalescer(WINDOW, clock=lambda: now[0])
    ran: list[int] = []
    coalescer.submit("alice", lambda: ran.append(1))
    now[0] += WINDOW
    coalescer.submit("alice", lambda: ran.append(2))
    assert ran == [1, 2]


@pytest.mark.listener_failures_expected
def test_a_failing_run_at_the_end_of_a_window_is_logged_and_the_next_burst_still_runs(
    caplog,
) -> None:
    coalescer = Coalescer(WINDOW)
    failed, later = threading.Event(), threading.Event()

    def fail() -> None:
        failed.set()
        raise RuntimeError("Slack said no")

    coalescer.submit("alice", lambda: None)
    coalescer.submit("alice", fail)
    assert failed.wait(5)
    coalescer.submit("alice", later.set)
    assert later.wait(5)
    assert "a coalesced run failed (RuntimeError)" in caplog.text
    assert "Slack said no" not in caplog.text
