from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, able to say when all the work after the acks is done."""

    def __init__(self) -> None:
        super().__init__(max_workers=8, thread_name_prefix="listener")
        self.futures: list[Future[Any]] = []

    def submit(self, fn, /, *args, **kwargs) -> Future[Any]:  # type: ignore[no-untyped-def]
        future = super().submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future

    def settle(self, timeout: float = 10) -> None:
        done, pending = wait(self.futures, timeout=timeout)
        assert not pending, "listeners still running"
        self.futures = [f for f in self.futures if not f.done()]
        for future in done:
            future.result()
