"""The few exceptions that stop a command. Each one's str() is the message the user reads;
`cli.main` turns them into exit codes in one place. Content problems in a brief are not
exceptions: they are diagnostics (see diagnostics.py)."""

from __future__ import annotations

import errno


class BriefgenError(Exception):
    """A problem the user can fix; exit status 1."""

    exit_code = 1


class UsageError(BriefgenError):
    """The command was called wrongly (unknown brief, bad option value); exit status 2."""

    exit_code = 2


class RenderError(BriefgenError):
    """Rendering failed for a reason the brief's author or the templates must fix."""


class SystemRefused(BriefgenError):
    """The system would not let a file be read or written (a full disk, no permission, a
    read-only file system); exit status 4, so a script can tell it from an error in a
    brief. What briefgen had begun to write is removed before this is raised."""

    exit_code = 4


#: Plain words for the errors a disk or a folder gives most often.
_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.ELOOP: "a symbolic link loop",
    errno.ENAMETOOLONG: "the name is too long",
}


def describe(exc: OSError) -> str:
    """An OSError in one line: what went wrong, and with which file."""
    words = _WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{words}{where}"
