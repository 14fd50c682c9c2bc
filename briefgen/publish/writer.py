"""The only code that writes output files. Every file is written atomically (a temporary
file in the same folder, then a rename), so a failed or killed build leaves the previous
output in place, byte for byte. Paths cannot leave the output folder."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.faults import inject


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


def write_atomic(target: Path, payload: bytes) -> None:
    """Write a temporary file beside the target, then rename it into place: a reader (or
    a build that is killed) sees the old file or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        inject("write", str(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
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


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
