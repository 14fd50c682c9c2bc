"""The only code that writes output files.

- Every file is written to a temporary file beside its target and renamed into place, so a
  reader (or a build that is killed) sees the old file or the new one, never half of one.
- Files that belong together (an edition's HTML and PDF, the pages and stylesheets they
  link to) are *staged* — each written in full to its temporary file — and renamed into
  place only when all are done (`Transaction`). Between the renames a journal lists them:
  if the process dies there, the next run into that folder finishes the renames first, so
  the folder holds the old set or the new set, never a mix.
- One permission rule, whatever the umask: files 0644, folders 0755 (a web server must be
  able to read what `build` and `publish` write).
- Paths cannot leave the output folder; one process at a time writes into a folder
  (`exclusive`, an flock on a lock file in it).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from briefgen.errors import BriefgenError, SystemRefused, describe
from briefgen.faults import inject

FILE_MODE = 0o644
FOLDER_MODE = 0o755
#: Lists the renames of a transaction under way; present only while they are done.
JOURNAL = ".briefgen-journal.json"
_TEMP = ".tmp"


class OutputFolder:
    def __init__(self, root: Path, *, protected: tuple[Path, ...] = ()) -> None:
        self.root = root.resolve()
        self.written: list[Path] = []
        for folder in protected:
            folder = folder.resolve()
            if self.root == folder or self.root.is_relative_to(folder):
                raise BriefgenError(
                    f"refusing to write into {folder}: briefgen never writes "
                    "into briefs/ or corpus/; choose another output folder"
                )

    def path(self, relative: str) -> Path:
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root) or target == self.root:
            raise BriefgenError(f"refusing to write {relative!r}: it is outside {self.root}")
        return target

    def write(self, relative: str, data: bytes | str) -> Path:
        target = self.path(relative)
        write_atomic(target, data.encode("utf-8") if isinstance(data, str) else data)
        self.written.append(target)
        return target

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Stage files; on leaving the block without an exception, rename them all into
        place. On any failure (a full disk, Ctrl-C) the staged files are removed and the
        folder is as it was."""
        tx = Transaction(self)
        try:
            yield tx
            tx.commit()
        finally:
            tx.discard()

    def recover(self) -> None:
        """Finish the renames of a transaction whose process died between them, and remove
        temporary files that killed runs left behind. Call with the folder's lock held."""
        journal = self.root / JOURNAL
        if journal.is_file():
            pending = json.loads(journal.read_text(encoding="utf-8"))
            for temp, target in pending:
                if (self.root / temp).is_file():
                    os.replace(self.root / temp, self.path(target))
            journal.unlink()
        for stale in self.root.rglob(f".*{_TEMP}"):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()


class Transaction:
    """Files staged together, renamed into place together (see the module's docstring)."""

    def __init__(self, out: OutputFolder) -> None:
        self.out = out
        self.staged: dict[Path, Path] = {}  # target → its complete temporary file
        self.digests: dict[str, str] = {}  # relative path → sha256 of what was staged

    def stage(self, relative: str, data: bytes | str) -> Path:
        target = self.out.path(relative)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self.staged[target] = _write_temp(target, payload)
        self.digests[target.relative_to(self.out.root).as_posix()] = sha256(payload)
        inject("write", str(target))
        return target

    def commit(self) -> None:
        root = self.out.root
        pairs = [
            (temp.relative_to(root).as_posix(), target.relative_to(root).as_posix())
            for target, temp in self.staged.items()
        ]
        journal = root / JOURNAL
        if len(pairs) > 1:
            write_atomic(journal, json.dumps(pairs).encode())
        for target, temp in self.staged.items():
            inject("rename", str(target))
            os.replace(temp, target)
            self.out.written.append(target)
        self.staged.clear()
        journal.unlink(missing_ok=True)

    def discard(self) -> None:
        for temp in self.staged.values():
            temp.unlink(missing_ok=True)
        self.staged.clear()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_folders(folder: Path) -> None:
    """`mkdir -p`, each folder made 0755 whatever the umask."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):
            made.mkdir()
        os.chmod(made, FOLDER_MODE)


def _write_temp(target: Path, payload: bytes) -> Path:
    """`payload` in full, on disk, in a temporary file beside `target` (mode 0644)."""
    make_folders(target.parent)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=_TEMP)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, FILE_MODE)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_atomic(target: Path, payload: bytes) -> None:
    """Write a temporary file beside the target, then rename it into place: a reader (or
    a build that is killed) sees the old file or the new one, never half of one."""
    temp = _write_temp(target, payload)
    try:
        inject("write", str(target))
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def swap_symlink(link: Path, target: Path) -> None:
    """Point `link` at `target` in one rename: a reader follows the old target or the new."""
    fresh = link.parent / f".{link.name}.{uuid.uuid4().hex[:8]}"
    fresh.symlink_to(target)
    try:
        os.replace(fresh, link)
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise


def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def exclusive(
    folder: Path, name: str, *, what: str, wait: float, on_wait: Callable[[str], None]
) -> Iterator[None]:
    """Hold an exclusive lock on `folder/name` (made if need be): one writer at a time.
    Another holder makes this wait — saying so once through `on_wait` — for up to `wait`
    seconds, then give up with a message. The lock ends with the process, however it ends."""
    try:
        make_folders(folder)
        fd = os.open(
            folder / name, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE
        )
        os.fchmod(fd, FILE_MODE)
    except OSError as exc:
        raise SystemRefused(f"cannot {what} to {folder}: {describe(exc)}") from None
    try:
        deadline = time.monotonic() + wait
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BriefgenError(
                        f"gave up after {wait:.0f} s: another {what} to {folder} is still "
                        "running; try again when it has finished"
                    ) from None
                if not said:
                    on_wait(f"waiting for another {what} to {folder} to finish…")
                    said = True
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)
