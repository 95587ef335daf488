"""What runs inside a worker process: limits, the per-worker context, one document per call.

The spaCy pipeline is loaded once per worker by :func:`initialize` (the pool's initializer or
the Dask worker plugin), never per document. The worker's address space is capped with
``RLIMIT_AS`` so a document that balloons raises :class:`MemoryError` in the worker (reported as
``memory limit N MB exceeded``) instead of taking the machine down.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from typing import Any

from extractor.batch.stages import Context, one_line, process_document
from extractor.errors import InputError


@dataclass(frozen=True)
class Settings:
    """Per-batch settings sent to every worker.

    Attributes:
        password: Password tried on encrypted PDFs.
        memory_mb: Memory a document may use on top of the worker's loaded baseline (MB); 0 = no cap.
        timeout: Seconds one document may take (enforced by the executor).
        extract: Run spaCy extraction.
        qa: Run QA checks.
    """

    password: str | None = None
    memory_mb: int = 1024
    timeout: float = 60.0
    extract: bool = True
    qa: bool = True


_CONTEXT: Context | None = None
_SETTINGS: Settings | None = None
#: How many times this process built its context (loaded the pipeline); 1 in a healthy worker.
_LOADS = 0


def _address_space() -> int:
    """Current virtual size of this process in bytes (Linux /proc, else 0)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its current size plus ``memory_mb`` MB.

    The cap is relative to the loaded worker (Python, spaCy, pdfplumber already mapped), so the
    figure means "memory one document may add", whatever the libraries' own footprint.
    """
    if memory_mb <= 0:
        return
    limit = _address_space() + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def initialize(settings: Settings) -> None:
    """Worker initializer: load the context (spaCy pipeline) once, then cap memory."""
    global _CONTEXT, _SETTINGS, _LOADS
    # One thread per worker: the pool is the parallelism (BLAS was initialised before the fork,
    # so environment variables are too late; threadpoolctl limits the loaded pools if present).
    try:
        from threadpoolctl import threadpool_limits
    except ModuleNotFoundError:
        pass
    else:
        threadpool_limits(1)
    _SETTINGS = settings
    _CONTEXT = Context.create(password=settings.password, extract=settings.extract, qa=settings.qa)
    _LOADS += 1
    # Import the readers now so their (large) libraries are mapped before the cap is set.
    import pdfplumber  # noqa: F401

    import extractor.changeform
    import extractor.readers  # noqa: F401

    limit_memory(settings.memory_mb)


def _root_cause(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> BaseException | None:
    """The first exception of ``kinds`` in ``exc``'s cause/context chain (or its args), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, kinds):
            return current
        inner = next((arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)), None)
        current = current.__cause__ or current.__context__ or inner
    return None


def run_one(path: str) -> dict[str, Any]:
    """Process one document in this worker; never raises for a bad document.

    Returns:
        ``{"status": "ok", "record": {...}, "seconds": s, "worker": {...}}`` or
        ``{"status": "failed", "error": "one line", "seconds": s, "worker": {...}}``; ``worker``
        holds the process id and how many times it loaded its context (the pipeline).
    """
    if _CONTEXT is None or _SETTINGS is None:
        raise RuntimeError("worker not initialised; call initialize(settings) first")
    started, cpu_started = time.perf_counter(), time.process_time()
    outcome: dict[str, Any]
    try:
        outcome = {"status": "ok", "record": process_document(path, _CONTEXT)}
    except InputError as exc:
        # A reader may wrap the worker's MemoryError (``raise InputError(...) from None`` keeps it
        # as the context): report the limit, which is the real reason.
        cause = _root_cause(exc, (MemoryError, RecursionError))
        if isinstance(cause, MemoryError):
            outcome = {"status": "failed", "error": f"memory limit {_SETTINGS.memory_mb} MB exceeded"}
        else:
            outcome = {"status": "failed", "error": exc.problem}
    except MemoryError:
        outcome = {"status": "failed", "error": f"memory limit {_SETTINGS.memory_mb} MB exceeded"}
    except RecursionError:
        outcome = {"status": "failed", "error": "structure nested too deeply to read (RecursionError)"}
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        outcome = {"status": "failed", "error": f"internal error: {one_line(exc)}"}
    outcome["seconds"] = round(time.perf_counter() - started, 4)
    outcome["cpu_seconds"] = round(time.process_time() - cpu_started, 4)
    outcome["worker"] = {"pid": os.getpid(), "contexts_loaded": _LOADS,
                         "pipeline_seconds": round(_CONTEXT.load_seconds, 3)}
    return outcome
