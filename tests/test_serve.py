"""`briefgen serve` from the outside, without a browser: only local names are answered,
every rebuild failure reaches the banner and the next good edit rebuilds, and broken or
idle connections cost nothing."""

from __future__ import annotations

import http.client
import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest

from briefgen import api
from briefgen.publish import serve
from tests.support import ProjectFactory


@pytest.fixture
def served(make_project: ProjectFactory) -> Iterator[tuple[serve.Preview, int]]:
    preview = serve.Preview(make_project())
    preview.changed()
    preview.rebuild()
    server = serve.make_server(preview, port=0, idle_timeout=0.5)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield preview, int(server.server_address[1])
    server.shutdown()
    server.server_close()


def _get(port: int, host: str | None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("GET", "/", skip_host=True)
    if host is not None:
        connection.putheader("Host", host.format(port=port))
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost:{port}", 200),
        ("localhost", 200),
        ("127.0.0.1:{port}", 200),
        ("[::1]:{port}", 200),
        ("LOCALHOST:{port}", 200),
        ("attacker.example", 421),
        ("attacker.example:{port}", 421),
        ("localhost.attacker.example:{port}", 421),
        ("127.0.0.1.nip.io:{port}", 421),
        ("localhost:{port}@attacker.example", 421),
        (None, 421),
    ],
)
def test_only_local_names_are_answered(
    served: tuple[serve.Preview, int], host: str | None, status: int
) -> None:
    """A page elsewhere can point its own name at 127.0.0.1 (DNS rebinding) and have the
    analyst's browser read the preview: its requests carry its name, and are refused."""
    _, port = served
    assert _get(port, host) == status


def _wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_any_rebuild_failure_shows_and_the_next_edit_recovers(
    make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    preview = serve.Preview(root)
    preview.changed()
    preview.rebuild()
    real_check = api.check

    def too_deep(*args: object, **kwargs: object) -> api.CheckResult:
        raise RecursionError("maximum recursion depth exceeded")

    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), kwargs={"poll": 0.02})
    watcher.start()
    try:
        brief = root / "briefs" / "test" / "brief.yaml"
        monkeypatch.setattr(api, "check", too_deep)
        brief.write_text(brief.read_text().replace("Test brief", "A deeply nested brief"))
        _wait_for(lambda: any("RecursionError" in p for p in preview.state.problems))
        assert watcher.is_alive()
        _, _, page = preview.respond("/")
        assert b"serve-errors" in page and b"RecursionError" in page
        assert b"Test brief" in page  # the last good version stays on screen
        monkeypatch.setattr(api, "check", real_check)
        brief.write_text(brief.read_text().replace("A deeply nested brief", "Fixed brief"))
        _wait_for(lambda: not preview.state.problems)  # (a write may be seen half done)
        _, _, page = preview.respond("/")
        assert b"serve-errors" not in page and b"Fixed brief" in page
    finally:
        stop.set()
        watcher.join()


def test_a_client_that_goes_away_is_not_an_error(
    served: tuple[serve.Preview, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """The browser closes the connection while the page is sent: no BrokenPipe traceback."""
    preview, _ = served

    class Gone(io.BytesIO):
        def write(self, data: object) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    handler = cast(type[serve._Handler], type("Handler", (serve._Handler,), {"preview": preview}))
    request = object.__new__(handler)
    request.path, request.request_version, request.command = "/", "HTTP/1.1", "GET"
    request.requestline = "GET / HTTP/1.1"
    request.client_address = ("127.0.0.1", 1)
    request.headers = http.client.HTTPMessage()
    request.headers["Host"] = "localhost"
    request.wfile = Gone()
    request.do_GET()  # returns quietly
    assert request.close_connection
    assert "Traceback" not in capsys.readouterr().err


def test_an_idle_connection_is_closed(served: tuple[serve.Preview, int]) -> None:
    _, port = served
    with socket.create_connection(("127.0.0.1", port), timeout=5) as idle:
        started = time.monotonic()
        assert idle.recv(1) == b""  # the server hung up on a client that said nothing
        assert time.monotonic() - started < 4


def test_serve_refuses_a_port_it_cannot_use(tmp_path: Path) -> None:
    from briefgen.errors import BriefgenError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BriefgenError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve.make_server(serve.Preview(tmp_path), port)
