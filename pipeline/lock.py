"""One run per folder: every command holds an OS lock on a file in the processed folder while it runs.
The operating system releases it when the process ends, however it ends, so a killed run never leaves
the folder locked; a second run stops at once, saying since when the first has been running."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.config import Config
from pipeline.files import Blocked, blocked, outermost_missing, recover, remove_empty

LOCK = ".iru-lock"


@contextmanager
def held(config: Config) -> Iterator[None]:
    """The folder's lock, for as long as the block runs, and the first thing done under it: finishing
    or clearing what a killed run left (`files.recover`). A run that writes nothing leaves nothing."""
    folder = config.processed
    created = outermost_missing(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = _lock(folder / LOCK)
    except OSError as exc:
        raise blocked(Path(exc.filename or folder), "the folder cannot be written", "make it writable") from None
    try:
        recover(folder, [config.processed, config.figures, config.output])
        yield
    finally:
        if created and [p.name for p in folder.iterdir()] == [LOCK]:
            (folder / LOCK).unlink()
            remove_empty(folder, created)
        os.close(fd)


def _lock(path: Path) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            started = os.read(fd, 200).decode(errors="replace").strip() or "a moment ago"
            os.close(fd)
            raise Blocked(f"another run is using this folder ({path.parent}) (started at {started}): wait for "
                          "it to finish, or stop it, then run again") from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:  # not a file the last holder removed
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}, process {os.getpid()}\n".encode())
    return fd

