"""Batch runs: many change forms and policies into per-document JSON, combined tables and a summary.

>>> from extractor.batch import run_batch  # doctest: +SKIP
>>> run_batch(["incoming/"], "results/", workers=4, resume=True)  # doctest: +SKIP

See :mod:`extractor.batch.run` for the write order that makes a killed run resumable,
:mod:`extractor.batch.executors` for the local and Dask executors and
:mod:`extractor.batch.stages` for what happens to each document.
"""

from __future__ import annotations

from extractor.batch.run import BatchResult, run_batch
from extractor.batch.stages import Context, process_document

__all__ = ["BatchResult", "Context", "process_document", "run_batch"]
