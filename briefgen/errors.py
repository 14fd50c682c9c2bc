"""The few exceptions that stop a command. Each one's str() is the message the user reads;
`cli.main` turns them into exit codes in one place. Content problems in a brief are not
exceptions: they are diagnostics (see diagnostics.py)."""


class BriefgenError(Exception):
    """A problem the user can fix; exit status 1."""

    exit_code = 1


class UsageError(BriefgenError):
    """The command was called wrongly (unknown brief, bad option value); exit status 2."""

    exit_code = 2


class RenderError(BriefgenError):
    """Rendering failed for a reason the brief's author or the templates must fix."""
