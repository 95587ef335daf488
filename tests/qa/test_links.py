"""broken-link against a real HTTP server on 127.0.0.1 (started by the test, in a thread)."""

from __future__ import annotations

import http.server
import json
import socket
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


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("written", "fixed"), [
    ("htps://leaflets.example.org/b12", "https://leaflets.example.org/b12"),
    ("https//www.example.org/emc", "https://www.example.org/emc"),
    ("http:/www.example.org/a/b/", "http://www.example.org/a/b/"),
    ("http//example.org/x?y=1", "http://example.org/x?y=1"),
    ("hhttps://example.org", "https://example.org"),
    ("https:www.example.org/page", "https://www.example.org/page"),
])
def test_malformed_scheme_is_a_broken_link_found_offline(written, fixed):
    text = f"The leaflet can be printed from {written}."
    (finding,) = links.malformed(text)
    assert (finding.rule, finding.severity, finding.text, finding.suggestion) == ("broken-link", "error", written, fixed)
    assert text[finding.start:finding.end] == written


def test_well_formed_addresses_and_lookalikes_are_not_malformed():
    text = ("See https://www.example.org/a, http://example.org/b. and www.example.org; mail info@example.org; "
            "ratio 1:2.5 at 10:30; ftp://files.example.org/x.")
    assert links.malformed(text) == []


def test_malformed_link_is_reported_without_check_links_and_not_fetched_with_it(server):
    from extractor.document import Document
    from extractor.qa import check_document

    malformed = server.replace("http://", "http//") + "/missing"
    doc = Document.from_page_texts("leaflet.txt", "text", [f"Print it from {malformed} today."])
    (finding,) = [f for f in check_document(doc).findings if f.rule == "broken-link"]
    assert finding.text == malformed and finding.suggestion == f"{server}/missing" and finding.severity == "error"
    HITS.clear()
    result = check_document(doc, settings={"check_links": True, "link_timeout": 1.0})
    assert [f.text for f in result.findings if f.rule == "broken-link"] == [malformed]
    assert HITS["/missing"] == 0


def test_connection_failures_with_no_host_answering_are_inconclusive_and_not_cached(tmp_path):
    cache = tmp_path / "links.json"
    urls = [f"http://127.0.0.1:{closed_port()}/policy", f"http://127.0.0.1:{closed_port()}/leaflet"]
    checker = links.LinkChecker(timeout=1.0, cache_path=str(cache))
    found = links.check(" and ".join(urls), checker)
    assert [(f.text, f.severity, f.extra.get("inconclusive")) for f in found] == [(u, "info", True) for u in urls]
    assert all("could not be checked" in f.message for f in found)
    assert json.loads(cache.read_text()) == {}


def test_connection_failure_while_other_hosts_answer_is_a_warning_and_404_stays_an_error(server):
    dead = f"http://127.0.0.1:{closed_port()}/policy"
    checker = links.LinkChecker(timeout=1.0)
    found = {f.text: f for f in links.check(f"{dead} {server}/ok {server}/missing", checker)}
    assert set(found) == {dead, f"{server}/missing"}
    assert found[dead].severity == "warning" and "could not be reached" in found[dead].message
    assert not found[dead].extra.get("inconclusive")
    assert found[f"{server}/missing"].severity == "error" and "404" in found[f"{server}/missing"].message


def test_change_form_links_are_judged_together_not_row_by_row(server):
    from extractor.changeform.model import build_changeform
    from extractor.qa import check_changeform

    dead = f"http://127.0.0.1:{closed_port()}/leaflet"
    rows = [(["See the leaflet.", f"See the leaflet at {dead}", "Link added", "2025-01"], [1]),
            (["See the policy.", f"See the policy at {server}/ok", "Link added", "2025-01"], [1])]
    form = build_changeform("f.txt", "text", 1, ["Old", "New", "Reason", "Date"], ["original", "new", "reason", "date"],
                            rows)
    result = check_changeform(form, settings={"check_links": True, "link_timeout": 1.0, "rules": ("broken-link",)})
    assert [(f.row, f.text, f.severity) for f in result.findings] == [(0, dead, "warning")]
