"""Writing without ever leaving half a file: every output and every cached piece is written beside its
target and renamed into place, so a reader (or a run killed midway) sees the old version or the new
one, never a mixture. Cached folders carry the key of what made them, written last."""
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


def write_folder(folder: Path, key: str, fill: Callable[[Path], None]) -> None:
    """Fill a fresh folder and swap it in; the key goes last, so a half-written folder is never trusted."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fill(tmp)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    (folder / "key").write_text(key)


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
