"""Writing without ever leaving half a file: every output and every cached piece is written beside its
target and renamed into place, so a reader (or a run killed midway) sees the old version or the new
one, never a mixture. Cached folders carry the key of what made them, written last."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a temporary path beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def cached_key(folder: Path) -> str:
    """The key a cached folder was made from ('' if it has none, or was never finished)."""
    key_file = folder / "key"
    return key_file.read_text() if key_file.exists() else ""


def write_folder(folder: Path, key: str, fill: Callable[[Path], None]) -> None:
    """Fill a fresh folder and swap it in; the key goes last, so a half-written folder is never trusted."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fill(tmp)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    (folder / "key").write_text(key)
