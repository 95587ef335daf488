"""broken-link against a real HTTP server on 127.0.0.1 (started by the test, in a thread)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections import Counter

import pytest

from extractor.qa.rules import links

HITS: Counter[str] = Counter()


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        HITS[self.path] += 1
        routes = {"/ok": (200, None), "/gone": (410, None), "/missing": (404, None), "/busy": (429, None),
                  "/old": (301, "/older"), "/older": (301, "/ok"), "/nohead": (200, None)}
        if self.path == "/slow":
            time.sleep(3)
            status, location = 200, None
        elif self.path == "/nohead" and self.command == "HEAD":
            status, location = 405, None
        else:
            status, location = routes.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_link_outcomes(server):
    text = " ".join(f"{server}{p}" for p in ("/ok", "/gone", "/missing", "/busy", "/old", "/slow", "/nohead"))
    checker = links.LinkChecker(timeout=1.0, concurrency=4)
    found = {f.text.removeprefix(server): f for f in links.check(text + ".", checker)}
    assert set(found) == {"/gone", "/missing", "/busy", "/old", "/slow"}
    assert found["/gone"].severity == "error" and "410" in found["/gone"].message
    assert found["/missing"].severity == "error" and "404" in found["/missing"].message
    assert found["/busy"].severity == "info" and "rate-limited" in found["/busy"].message
    assert found["/old"].severity == "info" and found["/old"].suggestion == f"{server}/ok"
    assert found["/slow"].severity == "warning" and "timed out" in found["/slow"].message
    assert text[found["/gone"].start:found["/gone"].end] == f"{server}/gone"


def test_links_are_requested_once_per_run_and_cached_on_disk(server, tmp_path):
    cache = tmp_path / "links.json"
    HITS.clear()
    checker = links.LinkChecker(timeout=1.0, cache_path=str(cache))
    links.check(f"{server}/missing and again {server}/missing", checker)
    links.check(f"{server}/missing", checker)
    assert HITS["/missing"] == 1
    assert json.loads(cache.read_text())[f"{server}/missing"]["status"] == 404
    again = links.LinkChecker(timeout=1.0, cache_path=str(cache))
    (finding,) = links.check(f"{server}/missing", again)
    assert finding.severity == "error" and HITS["/missing"] == 1


def test_cli_check_links_reports_broken_links_only_when_asked(server, tmp_path):
    from extractor.cli import main

    doc = tmp_path / "policy.txt"
    doc.write_text(f"Guidance is at {server}/missing and {server}/ok for all staff.\n", encoding="utf-8")
    out = tmp_path / "qa.json"
    assert main(["qa", str(doc), "--format", "json", "-o", str(out)]) == 0
    assert [f for f in json.loads(out.read_text())["findings"] if f["rule"] == "broken-link"] == []
    status = main(["qa", str(doc), "--format", "json", "-o", str(out), "--check-links", "--link-timeout", "2",
                   "--fail-on", "error"])
    (finding,) = [f for f in json.loads(out.read_text())["findings"] if f["rule"] == "broken-link"]
    assert status == 1 and finding["severity"] == "error" and finding["text"] == f"{server}/missing"
