"""Serve a built site on 127.0.0.1 under its site_url sub-path and drive Debian's chromium with
Playwright. Used by the browser tests and `make screenshots`.

Playwright is launched with the system browser by path: `playwright install` downloads a browser build,
which cannot be fetched here. The flags keep chromium from calling home (updates, sync, QUIC probes), so
every request the browser makes is one the pages asked for.
"""
from __future__ import annotations

import functools
import http.server
import io
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def site_prefix(project: Path) -> str:
    """The path of site_url in a campaign's mkdocs.yml, e.g. "/campaigns/<name>/"."""
    config = yaml.safe_load((Path(project) / "mkdocs.yml").read_text(encoding="utf-8"))
    return "/" + urlsplit(config["site_url"]).path.strip("/") + "/"


PREFIX = site_prefix(ROOT)  # this repository's own campaign


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files under PREFIX from the site folder; anything else, or a missing file, is the site's 404 page
    with status 404, as the deployment guide configures real servers."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mp3": "audio/mpeg", ".vtt": "text/vtt", ".xml": "application/xml",
                      ".svg": "image/svg+xml", ".js": "text/javascript", ".json": "application/json"}
    log: list  # (path, status), set per server
    prefix: str = PREFIX

    def translate_path(self, path):
        p = unquote(urlsplit(path).path)
        if not p.startswith(self.prefix):
            return ""
        return str(Path(self.directory) / p[len(self.prefix):].lstrip("/"))

    def send_head(self):
        path = self.translate_path(self.path)
        target = Path(path) if path else None
        if target is not None and target.is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().send_head()  # redirect to the slash form
        if target is None or not (target.is_file() or (target.is_dir() and (target / "index.html").is_file())):
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        rng = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if rng and target.is_file():
            return self._send_range(target, rng)
        return super().send_head()

    def _send_range(self, target: Path, rng):
        """One byte range (206), as every real web server does: browsers seek in audio with them."""
        size = target.stat().st_size
        first, last = rng.groups()
        start = int(first) if first else max(0, size - int(last or 0))
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.end_headers()
            return None
        with target.open("rb") as f:
            f.seek(start)
            data = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def log_request(self, code="-", size="-"):
        self.log.append((self.path, int(code) if str(code).isdigit() else code))

    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path, prefix: str = PREFIX):
    """Yield (base URL, request log) for `site` served at http://127.0.0.1:PORT{prefix}."""
    log: list = []
    handler = type("Handler", (_Handler,), {"log": log, "prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}", log
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser():
    """Debian's chromium with a fresh profile; each new_context() of it starts with nothing stored
    (Material remembers a chosen colour scheme in localStorage)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: run `make test-deps` (installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
