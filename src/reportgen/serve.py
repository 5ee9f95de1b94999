"""The live preview's server and watcher (`reportgen preview`).

A stdlib HTTP server in threads, listening on 127.0.0.1 only, serves preview.py's pages: the
index, one page per report, `/events` (Server-Sent Events: the tag of the page, sent again
whenever it changes, which makes the page reload itself), `/breaks` (the PDF's page breaks,
laid out when asked) and the workspace's font files that a page names. A watchfiles watcher
re-reads the workspace whenever a file the build reads is saved (see `reads`).
"""

from __future__ import annotations

import errno
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from .preview import PAGES, Preview

HOST = "127.0.0.1"
#: How many ports after the one asked for are tried when it is busy.
TRIES = 20
#: Seconds between keep-alive comments on an idle event stream (a closed tab is noticed then).
KEEPALIVE = 15


#: The names a browser on this machine reaches the preview by.
LOCAL_NAMES = ("127.0.0.1", "localhost")


class Handler(BaseHTTPRequestHandler):
    server: "Server"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        # Only pages asked for by this machine's own name: a web page elsewhere whose name was
        # pointed at 127.0.0.1 (DNS rebinding) must not read the report.
        host = urlsplit(f"//{self.headers.get('Host', '')}").hostname
        if host not in LOCAL_NAMES:
            self._send(403, "text/plain; charset=utf-8", "只能在本机以 127.0.0.1 或 localhost 访问预览。".encode())
            return
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        route = unquote(url.path).strip("/") or "index"
        preview = self.server.preview
        if route == "events":
            self._events(query.get("page", "index"))
        elif route == "breaks":
            self._send(200, "application/json", preview.breaks(query.get("page", "")).encode())
        elif route == "file":
            self._file(query.get("path", ""))
        elif route == "index" or route in PAGES:
            self._send(200, "text/html; charset=utf-8", preview.page(route).html.encode())
        else:
            self._send(404, "text/plain; charset=utf-8", "没有这个页面。".encode())

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path: str) -> None:
        """Only the font files the workspace's settings name (the page template links them)."""
        allowed = self.server.preview.font_files()
        target = Path(path).resolve()
        if target not in allowed:
            self._send(404, "text/plain; charset=utf-8", "没有这个文件。".encode())
            return
        self._send(200, "font/ttf", target.read_bytes())

    def _events(self, page: str) -> None:
        """The page's tag now and after every change, until the page or the server goes."""
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent, seen = None, -1
        try:
            while not preview.closed:
                with preview.changed:
                    if preview.generation == seen:
                        preview.changed.wait(KEEPALIVE)
                    changed, seen = preview.generation != seen, preview.generation
                if preview.closed:
                    break
                tag = preview.page(page).tag if changed else sent
                self.wfile.write(f"data: {tag}\n\n".encode() if tag != sent else b": \n\n")
                self.wfile.flush()
                sent = tag
        except OSError:
            pass  # the page was closed or reloaded

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # the clerk's terminal shows what changed, not every request


class Server(ThreadingHTTPServer):
    daemon_threads = True  # open event streams do not keep the program alive
    preview: Preview


def bind(port: int) -> tuple[Server, bool]:
    """A server on 127.0.0.1 at `port` (0: any free port), or at the next free one when it is
    in use; the second value says whether another port was taken."""
    for candidate in range(port, port + TRIES) if port else [0]:
        try:
            return Server((HOST, candidate), Handler), candidate != port
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    raise OSError(errno.EADDRINUSE, f"端口 {port}–{port + TRIES - 1} 都已被占用")


@dataclass
class Running:
    server: Server
    preview: Preview
    stop_watching: threading.Event
    threads: list[threading.Thread]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def stop(self) -> None:
        """Stop watching and serving; returns when both have stopped."""
        self.stop_watching.set()
        self.preview.close()
        self.server.shutdown()
        self.server.server_close()
        for thread in self.threads:
            thread.join()


WATCH_READY = 10  # seconds at most before serving without the watcher's confirmation


def start(workspace: Path, year: int, port: int, said: Callable[[str], None] = lambda line: None) -> tuple[Running, bool]:
    """Serve the preview of `year` and watch the workspace, both in threads of their own.
    `said` gets one line after every save that changed what the pages show."""
    server, moved = bind(port)
    preview = Preview(workspace, year)
    server.preview = preview
    stop, ready = threading.Event(), threading.Event()
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="preview-server")
    watching = threading.Thread(target=watch, args=(preview, stop, said, ready), name="preview-watcher")
    running = Running(server, preview, stop, [serving, watching])
    preview.refresh()  # the index ready before the browser asks
    serving.start()
    watching.start()
    # A save made before the watcher has registered would go unseen: wait until it has.
    ready.wait(WATCH_READY)
    return running, moved


def watch(preview: Preview, stop: threading.Event, said: Callable[[str], None], ready: threading.Event) -> None:
    """Refresh the preview after every save of a file the build reads, until `stop` is set;
    `ready` is set once the files are watched (the first, empty, batch comes after that)."""
    from watchfiles import watch as changes

    workspace = preview.workspace.resolve()
    for batch in changes(workspace, *preview.watched_outside(), stop_event=stop, step=30, yield_on_timeout=True,
                         rust_timeout=200, watch_filter=lambda _change, path: preview.reads(Path(path)),
                         raise_interrupt=False):
        ready.set()
        if not batch:
            continue
        names = "、".join(sorted({Path(p).name for _, p in batch}))
        preview.refresh()
        errors = preview.errors()
        said(f"{names} 已保存：" + (f"数据有 {errors} 处错误，浏览器页面中列出了位置。" if errors else "报告已更新。"))
