"""`briefgen serve`: a live preview of the site on 127.0.0.1, rebuilt from memory when a
brief, template or corpus file changes.

The process stays warm (nothing is re-imported), so a rebuild of the HTML costs a fraction
of a second. Each page carries a small script that asks for the build's version and
reloads when it changes. A brief with errors keeps the last good pages on screen, with the
diagnostics shown above them; there is never a stack trace in the browser.
"""

from __future__ import annotations

import html
import http.server
import json
import mimetypes
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefgen import api
from briefgen.errors import BriefgenError
from briefgen.paths import template_folders
from briefgen.publish import site
from briefgen.render.html import CSP

PREFIX = "/__briefgen__/"
HOST = "127.0.0.1"
POLL_SECONDS = 0.25
IDLE_SECONDS = 30.0
#: The preview's pages may run its reload script and ask it for the version, nothing more.
SERVE_CSP = CSP.replace(
    "default-src 'none';", "default-src 'none'; script-src 'self'; connect-src 'self';"
)
RELOAD_JS = b"""// briefgen serve: reload the page when the preview is rebuilt.
(function () {
  var seen = null;
  function poll() {
    fetch("/__briefgen__/state", {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.version !== seen) { location.reload(); return; }
        seen = s.version;
        setTimeout(poll, 400);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""

#: What a rebuild depends on: each watched file's path, modification time and size.
Stamp = tuple[tuple[str, int, int], ...]


@dataclass
class State:
    version: int = 0
    files: site.Files = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # formatted diagnostics
    seconds: float = 0.0


class Preview:
    """Builds the site into memory and answers requests for it."""

    def __init__(
        self,
        root: Path,
        briefs: Sequence[str] = (),
        on_rebuild: Callable[[State], None] | None = None,
    ) -> None:
        self.root = root
        self.briefs = list(briefs)
        self.on_rebuild = on_rebuild
        self.state = State()
        self.lock = threading.Lock()
        self._stamp: Stamp = ()

    def watched(self) -> list[Path]:
        folders = [self.root / "briefs", self.root / "corpus", *template_folders(self.root)]
        return [p for f in folders if f.is_dir() for p in sorted(f.rglob("*")) if p.is_file()]

    def stamp(self) -> Stamp:
        stamp = []
        for path in self.watched():
            try:
                st = path.stat()
            except OSError:
                continue
            stamp.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(stamp)

    def rebuild(self) -> State:
        """Build the site again. Whatever goes wrong — errors in a brief, or any exception
        at all — ends up in the banner over the last good pages: the preview never stops."""
        started = time.perf_counter()
        problems: list[str] = []
        files = None
        try:
            checked = api.check(self.root, self.briefs)
            problems = [d.format(self.root) for d in checked.diagnostics if d.is_error]
            if checked.ok:
                files = site.plan(checked, with_pdf=False, csp=SERVE_CSP).files
        except BriefgenError as exc:
            problems = [str(exc)]
        except Exception as exc:  # a bug, or a brief that trips one: say so, keep serving
            problems = [
                f"internal error while rebuilding ({type(exc).__name__}: {exc}) — this is a "
                "bug in briefgen; please report it"
            ]
        with self.lock:
            last = self.state
            self.state = State(
                last.version + 1,
                files if files is not None else last.files,
                problems,
                time.perf_counter() - started,
            )
            state = self.state
        if self.on_rebuild:
            self.on_rebuild(state)
        return state

    def changed(self) -> bool:
        stamp = self.stamp()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        return True

    def watch(self, stop: threading.Event, poll: float = POLL_SECONDS) -> None:
        """Rebuild after each change, until stopped; nothing a rebuild meets ends this."""
        while not stop.wait(poll):
            try:
                changed = self.changed()
            except OSError:  # a file vanished mid-scan: look again next time
                continue
            if changed:
                self.rebuild()

    def respond(self, raw_path: str) -> tuple[int, str, bytes]:
        path = unquote(urlsplit(raw_path).path).lstrip("/")
        with self.lock:
            state = self.state
        if path == PREFIX.strip("/") + "/state":
            body = json.dumps({"version": state.version, "errors": state.problems})
            return 200, "application/json", body.encode()
        if path == PREFIX.strip("/") + "/reload.js":
            return 200, "text/javascript", RELOAD_JS
        if path == "" or path.endswith("/"):
            path += "index.html"
        data = state.files.get(path)
        if data is None:
            if not state.files and state.problems:
                return 200, "text/html", _with_banner(_EMPTY, state.problems)
            return 404, "text/html", _with_banner(_NOT_FOUND, state.problems)
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind == "text/html":
            data = _with_banner(data, state.problems)
        return 200, kind, data


_HEAD = b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
_EMPTY = (
    _HEAD + b"<title>briefgen preview</title></head><body><main><h1>Nothing to show yet"
    b"</h1></main></body></html>"
)
_NOT_FOUND = (
    _HEAD + b'<title>Not found</title></head><body><main><h1>Not found</h1><p><a href="/">'
    b"All briefs</a></p></main></body></html>"
)


def _with_banner(page: bytes, problems: list[str]) -> bytes:
    """The reload script, and the current errors above the last good page."""
    text = page.decode("utf-8")
    inject = '<script src="/__briefgen__/reload.js"></script>'
    if problems:
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
        inject += (
            '<div class="serve-errors" role="alert"><p><strong>This brief has errors; '
            "showing the last version that built.</strong></p>"
            f"<ul>{items}</ul></div>"
        )
    at = text.find(">", text.find("<body")) + 1 if "<body" in text else 0
    return (text[:at] + inject + text[at:]).encode("utf-8")


def host_allowed(host: str | None, bound: str) -> bool:
    """Whether a request's Host header names this machine's loopback (with or without a
    port). A page elsewhere that gets a browser to ask for `attacker.example` resolving to
    127.0.0.1 (DNS rebinding) names its own host, and is refused."""
    if not host:
        return False
    name = host.strip().lower()
    if name.startswith("["):  # [::1] or [::1]:8000
        name = name[: name.find("]") + 1]
    elif name.count(":") == 1:
        name, _, port = name.partition(":")
        if not port.isdigit():
            return False
    return name in {"localhost", "127.0.0.1", "[::1]", bound}


class _Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview
    bound = HOST
    #: Seconds a connection may sit idle before it is closed (its thread is freed).
    timeout = IDLE_SECONDS

    def do_GET(self) -> None:
        if host_allowed(self.headers.get("Host"), self.bound):
            status, kind, body = self.preview.respond(self.path)
        else:
            status, kind, body = 421, "text/plain", b"421 Misdirected Request: use localhost\n"
        try:
            self.send_response(status)
            self.send_header(
                "Content-Type",
                f"{kind}; charset=utf-8"
                if kind.startswith("text") or kind.endswith("json")
                else kind,
            )
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the browser went away; nothing to report

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that breaks or times out is not worth a traceback on the analyst's
        terminal; anything else is a bug, reported as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


def make_server(
    preview: Preview, port: int = 8000, *, idle_timeout: float = IDLE_SECONDS
) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"preview": preview, "timeout": idle_timeout})
    try:
        return _Server((HOST, port), handler)
    except (OSError, OverflowError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BriefgenError(f"cannot listen on {HOST}:{port}: {reason} (try --port N)") from None


def serve(preview: Preview, port: int = 8000, announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted."""
    preview.changed()
    preview.rebuild()
    server = make_server(preview, port)
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    announce(
        f"serving http://127.0.0.1:{server.server_address[1]}/ — edits to briefs/, "
        "corpus/ and templates/ reload the page; Ctrl-C stops"
    )
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
