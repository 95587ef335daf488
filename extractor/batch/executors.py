"""Where documents run: a local pool of worker processes, or a Dask cluster.

Both executors offer the same small interface (:class:`Executor`): ``submit(path)`` returns a
future, ``wait`` returns the finished ones, ``outcome`` turns a finished future into the
worker's result dict (``status``/``error``/``record``), never raising for a bad document.

- :class:`LocalExecutor` uses :class:`pebble.ProcessPool`: each task has a time limit, and a
  worker that overruns it is killed and replaced (a ``concurrent.futures`` pool cannot stop one
  task). The spaCy pipeline loads once per worker through the pool's initializer.
- :class:`DaskExecutor` connects to ``--scheduler ADDRESS`` or starts a
  :class:`distributed.LocalCluster` (worker processes, one thread each). The time limit is
  enforced by the client: it polls which tasks the workers are executing, and a worker still busy
  with a document past its limit is restarted through its nanny. A worker plugin loads the
  pipeline when each worker (re)starts.
"""

from __future__ import annotations

import concurrent.futures
import logging
import signal
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, Self

from extractor.batch.worker import Settings, initialize, run_one
from extractor.errors import UsageError


def _failed(error: str, seconds: float | None = None) -> dict[str, Any]:
    return {"status": "failed", "error": error, "seconds": seconds}


class Executor(ABC):
    """Runs :func:`extractor.batch.worker.run_one` on documents somewhere.

    Attributes:
        workers: How many documents run at once.
        in_flight: How many documents the driver should keep submitted at a time.
    """

    workers: int = 1
    name: str = "executor"

    @property
    def in_flight(self) -> int:
        return 2 * self.workers

    @abstractmethod
    def submit(self, path: str) -> Any:
        """Start processing ``path``; return a future."""

    @abstractmethod
    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        """Return the futures among ``futures`` that are finished, waiting up to ``timeout`` s for one."""

    @abstractmethod
    def outcome(self, future: Any) -> dict[str, Any]:
        """The result dict of a finished future (a lost or killed task becomes a failure)."""

    def expired(self, futures: Iterable[Any]) -> dict[Any, dict[str, Any]]:
        """Futures whose document overran the time limit, stopped now, with their failure."""
        return {}

    @abstractmethod
    def close(self) -> None:
        """Stop the workers."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalExecutor(Executor):
    """A pool of worker processes on this machine (pebble), with per-document time limits.

    Args:
        settings: Worker settings (limits, password).
        workers: Number of worker processes.
    """

    name = "local"

    def __init__(self, settings: Settings, workers: int) -> None:
        from pebble import ProcessPool

        self.settings = settings
        self.workers = max(1, workers)
        self._pool = ProcessPool(max_workers=self.workers, initializer=initialize, initargs=(settings,))

    def submit(self, path: str) -> concurrent.futures.Future[dict[str, Any]]:
        timeout = self.settings.timeout if self.settings.timeout > 0 else None
        return self._pool.schedule(run_one, args=(path,), timeout=timeout)

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        done, _ = concurrent.futures.wait(list(futures), timeout=timeout,
                                          return_when=concurrent.futures.FIRST_COMPLETED)
        return set(done)

    def outcome(self, future: Any) -> dict[str, Any]:
        from pebble import ProcessExpired

        try:
            return dict(future.result())
        except concurrent.futures.TimeoutError:
            return _failed(f"timed out after {self.settings.timeout:g} s", self.settings.timeout)
        except ProcessExpired as exc:
            return _failed(describe_exit(exc.exitcode, self.settings.memory_mb))
        except concurrent.futures.CancelledError:
            return _failed("cancelled")
        except Exception as exc:  # noqa: BLE001 - e.g. the worker initializer failed
            return _failed(f"worker error: {type(exc).__name__}: {' '.join(str(exc).split())}")

    def close(self) -> None:
        self._pool.stop()
        self._pool.join(timeout=10)


def describe_exit(code: int | None, memory_mb: int) -> str:
    """One line for a worker process that died: by signal, or with an exit code."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = f" (memory limit {memory_mb} MB exceeded?)" if -code in (signal.SIGKILL, signal.SIGSEGV) else ""
        return f"worker process killed by {name}{hint}"
    return f"worker process exited with code {code}"


def _dask_run(path: str, settings: Settings) -> dict[str, Any]:
    """Dask task: run one document (initialising the worker first if its plugin has not)."""
    from extractor.batch import worker

    if worker._CONTEXT is None or worker._SETTINGS != settings:
        initialize(settings)
    return run_one(path)


def _executing(dask_worker: Any) -> list[str]:
    """Keys of the tasks this Dask worker is executing right now (run on each worker)."""
    return [str(key) for key, task in dask_worker.state.tasks.items() if task.state == "executing"]


def _initializer_plugin(settings: Settings) -> Any:
    """A Dask worker plugin that initialises each worker (pipeline, memory cap) when it starts."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class BatchWorkerInitializer(WorkerPlugin):
        name = "extractor-batch-initializer"

        def __init__(self, settings: Settings) -> None:
            self.settings = settings

        def setup(self, worker: Any) -> None:
            initialize(self.settings)

    return BatchWorkerInitializer(settings)


class DaskExecutor(Executor):
    """Documents on a Dask distributed cluster: a given scheduler or a local one.

    Args:
        settings: Worker settings (limits, password).
        workers: Worker processes of the local cluster (ignored with ``scheduler``).
        scheduler: Address of a running scheduler (``tcp://host:8786``); None starts a
            :class:`distributed.LocalCluster` of worker processes with one thread each.
    """

    name = "dask"

    def __init__(self, settings: Settings, workers: int, scheduler: str | None = None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ModuleNotFoundError:
            raise UsageError("--executor dask needs Dask: pip install 'extractor[dask]'") from None
        self.settings = settings
        self._started: dict[Any, float] = {}
        self._config = dask.config.set({"distributed.scheduler.allowed-failures": 0,
                                        "distributed.worker.daemon": False})
        self._config.__enter__()
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="10s")
            else:
                self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                             dashboard_address=":0", memory_limit=None,
                                             silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        except OSError as exc:
            self._config.__exit__(None, None, None)
            raise UsageError(f"cannot connect to Dask scheduler {scheduler}: {exc}") from None
        # Load the pipeline on every worker now and on every worker that (re)starts later, so the
        # time limit counts document work only.
        self._client.register_plugin(_initializer_plugin(settings))
        threads = self._client.nthreads()
        self.workers = max(1, sum(threads.values()))

    @property
    def in_flight(self) -> int:
        # One per worker thread, so time since submission is time spent on the document.
        return self.workers

    def submit(self, path: str) -> Any:
        return self._client.submit(_dask_run, path, self.settings, pure=False)

    def wait(self, futures: Iterable[Any], timeout: float) -> set[Any]:
        from distributed import wait
        from distributed.client import FIRST_COMPLETED

        futures = list(futures)
        try:
            done, _ = wait(futures, timeout=timeout, return_when=FIRST_COMPLETED)
        except TimeoutError:
            return {future for future in futures if future.done()}
        return set(done)

    def outcome(self, future: Any) -> dict[str, Any]:
        from distributed import KilledWorker

        self._started.pop(future, None)
        try:
            return dict(future.result())
        except KilledWorker:
            return _failed(f"worker process died (memory limit {self.settings.memory_mb} MB exceeded?)")
        except Exception as exc:  # noqa: BLE001 - the task's failure is the document's failure
            return _failed(f"worker error: {type(exc).__name__}: {' '.join(str(exc).split())}")

    def expired(self, futures: Iterable[Any]) -> dict[Any, dict[str, Any]]:
        limit = self.settings.timeout
        if limit <= 0:
            return {}
        futures = [f for f in futures if not f.done()]
        if not futures:
            return {}
        now = time.monotonic()
        # A worker that is dying (memory cap) cannot answer: leave it out rather than fail the batch.
        executing = self._client.run(_executing, on_error="ignore")
        running = {key: address for address, keys in executing.items() for key in keys}
        for future in futures:
            if str(future.key) in running:
                self._started.setdefault(future, now)
        late = [f for f in futures if f in self._started and now - self._started[f] > limit]
        if not late:
            return {}
        busy = sorted({running[str(f.key)] for f in late if str(f.key) in running})
        for future in late:
            future.cancel()
            self._started.pop(future, None)
        if busy:
            self._client.restart_workers(busy, raise_for_error=False)
        return {future: _failed(f"timed out after {limit:g} s", limit) for future in late}

    def close(self) -> None:
        try:
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()
        finally:
            self._config.__exit__(None, None, None)


def make_executor(kind: str, settings: Settings, workers: int, scheduler: str | None = None) -> Executor:
    """Return the executor named ``kind`` (``local`` or ``dask``)."""
    if kind == "local":
        if scheduler:
            raise UsageError("--scheduler needs --executor dask")
        return LocalExecutor(settings, workers)
    if kind == "dask":
        return DaskExecutor(settings, workers, scheduler)
    raise UsageError(f"unknown executor {kind!r}; expected 'local' or 'dask'")
