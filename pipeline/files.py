"""Writing without ever leaving half a file: every output and every cached piece is written beside its
target and renamed into place, so a reader (or a run killed midway) sees the old version or the new
one, never a mixture. Cached folders are staged beside their target, then swapped in with the key of
what made them, written last."""
from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any, Callable


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


def _staged(folder: Path) -> Path:
    return folder.with_name(folder.name + ".tmp")


def stage_folder(folder: Path, fill: Callable[[Path], None]) -> None:
    """Fill a fresh folder beside `folder`, ready for commit_folder (never trusted until then)."""
    discard_folder(folder)
    _staged(folder).mkdir(parents=True)
    fill(_staged(folder))


def commit_folder(folder: Path, key: str) -> None:
    """Swap the staged folder in; the key goes last, so a half-written folder is never trusted."""
    shutil.rmtree(folder, ignore_errors=True)
    _staged(folder).replace(folder)
    (folder / "key").write_text(key)


def discard_folder(folder: Path) -> None:
    shutil.rmtree(_staged(folder), ignore_errors=True)


def outermost_missing(path: Path) -> Path | None:
    """The outermost folder on the way to `path` that does not exist yet: removing it undoes whatever is
    created there (None if `path` exists)."""
    missing = None
    while not path.exists():
        missing, path = path, path.parent
    return missing


def memo(path: Path, keys: dict[str, str], make: Callable[[list[str]], dict[str, Any]]) -> dict[str, Any]:
    """A value for each id in `keys`, kept in a pickle at `path` beside the key it was made from: ids whose
    key is unchanged come from the pickle, the rest from `make` (called once, with their ids, if there are any)."""
    try:
        before = pickle.loads(path.read_bytes())
        kept = {id_: value for id_, (key, value) in before.items() if keys.get(id_) == key}
    except Exception:  # only ever a shortcut: anything unreadable (missing, another version) is made again
        before, kept = {}, {}
    missing = [id_ for id_ in keys if id_ not in kept]
    made = make(missing) if missing else {}
    values = {id_: kept[id_] if id_ in kept else made[id_] for id_ in keys}
    if made or kept.keys() != before.keys():
        entries = {id_: (keys[id_], value) for id_, value in values.items()}
        write_atomically(path, lambda tmp: tmp.write_bytes(pickle.dumps(entries, pickle.HIGHEST_PROTOCOL)))
    return values
