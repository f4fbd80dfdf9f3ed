"""Writing without ever leaving half a file: every output and every cached piece is written beside its
target and renamed into place, so a reader (or a run killed midway) sees the old version or the new
one, never a mixture. Cached folders are staged beside their target, then swapped in with the key of
what made them, written last. A run's outputs, together, are an `OutputSet`: all old or all new."""
from __future__ import annotations

import errno
import json
import os
import pickle
import shutil
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator


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


# --- a run's outputs, changed together ---------------------------------------------------------------
RUN = ".iru-run"  # beside each output folder: the run's staged copy of it
JOURNAL = "moves.json"  # the moves of a commit under way, for `recover` to finish


class Blocked(Exception):
    """Something outside the input stops the run (an output that cannot be written, another run on the
    folder): one line saying what and what to do. The previous outputs are left as they were."""


_WHY = {
    errno.EISDIR: ("it is a folder where a file should be", "move or rename that folder"),
    errno.ENOTDIR: ("a file stands where a folder should be on its way", "move or rename that file"),
    errno.EEXIST: ("it is a file where a folder should be", "move or rename that file"),
    errno.EACCES: ("permission denied", "make it (and its folder) writable"),
    errno.EPERM: ("it is read-only or immutable", "make it writable"),
    errno.EROFS: ("it is on a read-only disk", "set the path in config.yaml to a writable folder"),
    errno.ENOSPC: ("the disk is full", "free some space"),
}


def blocked(path: Path, why: str, fix: str) -> Blocked:
    return Blocked(f"cannot write {path}: {why}; {fix}, then run again (the previous outputs are unchanged)")


def blocked_by(exc: OSError, path: Path | None = None) -> Blocked:
    """An error writing `path` (by default the one the error names), in the analyst's words."""
    path = path or Path(exc.filename2 or exc.filename or "?")
    if path.name == RUN:
        path = path.parent
    if path.name.endswith(".tmp"):
        path = path.with_name(path.name[:-len(".tmp")])
    why, fix = _WHY.get(exc.errno, (exc.strerror or str(exc), "check that it can be written"))
    return blocked(path, why, fix)


class OutputSet:
    """The folders one run writes (its year's processed, figures and output folders: the document, the
    spreadsheet, the change list, the indicator table, the figures, the manifest and whatever else is
    written there), changed together. The run writes into staged copies of them (hard links, so unchanged
    files cost nothing); `commit` checks that every changed file can replace its original, then moves them
    all in. A run that fails or is killed before then changes nothing; one killed during the moves is
    completed by `recover` at the next start."""

    def __init__(self, folders: list[Path], journal_folder: Path, caches: tuple[str, ...] = ()):
        """`caches`: subfolders kept by their own means (content-keyed, committed before the run's outputs),
        left out of the staged copies."""
        self.staged = {folder: folder.parent / RUN / folder.name for folder in dict.fromkeys(folders)}
        self.journal = journal_folder / RUN / JOURNAL
        self.caches = caches
        self.created: dict[Path, Path] = {}  # staging root -> the outermost folder made for it

    def __enter__(self) -> "OutputSet":
        return self

    def stage(self) -> dict[Path, Path]:
        """Make the staged copies: each folder -> its copy, to write in."""
        for folder, copy in self.staged.items():
            if folder.exists() and not folder.is_dir():
                raise blocked(folder, *_WHY[errno.EEXIST])
            shutil.rmtree(copy, ignore_errors=True)
            self.created[copy.parent] = self.created.get(copy.parent) or outermost_missing(copy.parent)
            copy.parent.mkdir(parents=True, exist_ok=True)
            if folder.is_dir():
                shutil.copytree(folder, copy, symlinks=True, copy_function=_link,
                                ignore=lambda at, names: [RUN, *self.caches] if at == str(folder) else [RUN])
            else:
                copy.mkdir()
        return self.staged

    def final(self, path: Path) -> Path:
        """Where a staged file will be once committed."""
        for folder, copy in self.staged.items():
            if path == copy or copy in path.parents:
                return folder / path.relative_to(copy)
        return path

    def shown(self, say: Callable[[str], None]) -> Callable[[str], None]:
        """`say`, naming files where they will be, not where they are staged."""
        def translated(message: str) -> None:
            for folder, copy in self.staged.items():
                message = message.replace(str(copy), str(folder))
            say(message)
        return translated

    def commit(self) -> None:
        moves = list({src: dst for folder, copy in self.staged.items() for src, dst in _files(copy, folder)
                      if not _same_file(src, dst)}.items())  # (two spellings of one folder share one copy)
        for _, dst in moves:
            _check_replaceable(dst)
        base = self.journal.parent
        with uninterrupted():
            write_atomically(self.journal, lambda tmp: tmp.write_text(json.dumps(
                [[os.path.relpath(src, base), os.path.relpath(dst, base)] for src, dst in moves])))
            _move(moves)
            self._discard()

    def _discard(self) -> None:
        for copy in self.staged.values():
            shutil.rmtree(copy, ignore_errors=True)
        self.journal.unlink(missing_ok=True)
        for root, outermost in self.created.items():
            remove_empty(root, outermost or root)

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            return
        if not self.journal.exists():  # a commit under way is left for `recover` to finish
            self._discard()
        if isinstance(exc, OSError):
            raise self._blocked(exc) from None

    def _blocked(self, exc: OSError) -> Blocked:
        """An error writing a staged file, naming the file it was to become."""
        return blocked_by(exc, self.final(Path(exc.filename2 or exc.filename or "?")))


def recover(journal_folder: Path, roots: list[Path]) -> None:
    """At a run's start (holding the folder's lock): finish the moves of a commit that was killed midway,
    then remove every staged copy a failed or killed run left behind."""
    journal = journal_folder / RUN / JOURNAL
    try:
        moves = json.loads(journal.read_text())
    except (OSError, ValueError):
        moves = []
    base = journal.parent
    _move([(base / src, base / dst) for src, dst in moves if (base / src).exists()])
    for root in [*roots, journal_folder]:
        shutil.rmtree(root / RUN, ignore_errors=True)


def _link(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # a file system without hard links: a copy
        shutil.copy2(src, dst)


def _files(copy: Path, folder: Path) -> list[tuple[Path, Path]]:
    """Each file of a staged copy, and where it goes in the folder."""
    out = []
    for root, _, names in os.walk(copy):
        target = folder / os.path.relpath(root, copy)
        out += [(Path(root, name), target / name) for name in sorted(names) if not name.endswith(".tmp")]
    return out


def _same_file(src: Path, dst: Path) -> bool:
    try:
        a, b = os.lstat(src), os.lstat(dst)
    except FileNotFoundError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _check_replaceable(dst: Path) -> None:
    """Refuse, before anything is moved, a change that could not be made."""
    if dst.is_dir():
        raise blocked(dst, *_WHY[errno.EISDIR])
    if dst.exists() and (not dst.stat().st_mode & 0o222 or not os.access(dst, os.W_OK)):
        raise blocked(dst, "it is read-only", "make it writable (or move it elsewhere)")
    parent = dst.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise blocked(parent, *_WHY[errno.EEXIST])
    if not os.access(parent, os.W_OK | os.X_OK):
        raise blocked(parent, "the folder cannot be written", "make it writable")


def _move(moves: list[tuple[Path, Path]]) -> None:
    for src, dst in moves:
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dst)


def remove_empty(folder: Path, outermost: Path) -> None:
    """Remove `folder` and the folders above it, out to `outermost`, while they are empty."""
    while True:
        try:
            folder.rmdir()
        except OSError:
            return
        if folder == outermost:
            return
        folder = folder.parent


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Ctrl-C waits until the block is done (moving a run's files takes milliseconds), then stops the run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(1))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and previous is not signal.SIG_IGN:
            raise KeyboardInterrupt
