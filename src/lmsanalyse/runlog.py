"""Run bookkeeping: per-rule log files and small file helpers for the workflow."""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# (log file, exception) of every stage function that raised while logging to a file: the
# command line's summary of a failed run (lmsanalyse.progress) names the real cause from it.
FAILURES: list[tuple[str, BaseException]] = []


class _ThisThread(logging.Filter):
    """Passes only records from the thread that created it.

    Snakemake runs the rules' ``run:`` blocks as threads of one process; each rule's log file
    must get its own rule's records only.
    """

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread == self.thread


@contextlib.contextmanager
def logging_to(path: str | Path, level: int = logging.INFO) -> Iterator[logging.Logger]:
    """Send the package's log records from this thread to ``path`` while the block runs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(level)
    handler.addFilter(_ThisThread())
    logger = logging.getLogger("lmsanalyse")
    if logger.getEffectiveLevel() > level:
        logger.setLevel(level)
    logger.addHandler(handler)
    try:
        yield logger
    except Exception as exc:
        logger.exception("feilet")
        FAILURES.append((str(path), exc))
        raise
    finally:
        logger.removeHandler(handler)
        handler.close()


def logged(func: Callable) -> Callable:
    """Give a stage function a ``log=`` keyword: its records go to that file while it runs.

    The workflow's rules pass ``log=log[0]``; called from Python without it, the function
    logs as usual.
    """

    @functools.wraps(func)
    def wrapper(*args, log: str | Path | None = None, **kwargs):
        if log is None:
            return func(*args, **kwargs)
        with logging_to(log):
            return func(*args, **kwargs)

    return wrapper


@logged
def copy_files(sources: Iterable[str | Path], targets: Iterable[str | Path]) -> None:
    """Copy each source to the target in the same position."""
    for src, dst in zip(sources, targets, strict=True):
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
