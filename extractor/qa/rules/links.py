"""``broken-link``: URLs that do not answer, answer 404/410, redirect, or are rate-limited.

Each distinct URL is requested once per run (HEAD, then GET when HEAD is refused or fails),
redirects followed, with a timeout and at most ``concurrency`` requests in flight (a thread
pool sharing one ``httpx.Client``). Results are cached for the run and, optionally, in a JSON
file across runs. Outcomes: 404/410 → broken (error); other 4xx/5xx, timeouts and connection
failures → warning; 429 → rate-limited (info, not broken); a redirect → info with the final
URL as the suggestion.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from extractor.io import write_text
from extractor.qa.finding import Finding
from extractor.qa.text import URL

RULE = "broken-link"
_TRAILING = ".,;:!?)]}'\""
_USER_AGENT = "extractor-qa/0.1 (link check)"


@dataclass(frozen=True)
class LinkResult:
    """What one URL answered.

    Attributes:
        url: The URL as requested.
        status: Final HTTP status, or None when no answer came.
        final_url: The URL after redirects.
        error: ``timeout`` or the connection error's name, or None.
    """

    url: str
    status: int | None
    final_url: str
    error: str | None = None

    def finding(self) -> Finding | None:
        """The finding this result deserves (None for a plain success)."""
        if self.error:
            what = "timed out" if self.error == "timeout" else f"could not be reached ({self.error})"
            return Finding(RULE, "warning", f"the link {self.url} {what}", text=self.url)
        if self.status == 429:
            return Finding(RULE, "info", f"the link {self.url} was rate-limited (HTTP 429); not checked",
                           text=self.url, extra={"status": 429})
        if self.status in (404, 410):
            return Finding(RULE, "error", f"the link {self.url} is broken (HTTP {self.status})", text=self.url,
                           extra={"status": self.status})
        if self.status is not None and self.status >= 400:
            return Finding(RULE, "warning", f"the link {self.url} answered HTTP {self.status}", text=self.url,
                           extra={"status": self.status})
        if self.final_url.rstrip("/") != self.url.rstrip("/"):
            return Finding(RULE, "info", f"the link {self.url} redirects to {self.final_url}", text=self.url,
                           suggestion=self.final_url, extra={"status": self.status})
        return None


def find_urls(text: str) -> list[tuple[str, int, int]]:
    """Return (url, start, end) for each http(s)/www URL in ``text``, trailing punctuation trimmed."""
    out = []
    for match in URL.finditer(text):
        url = match.group()
        if "@" in url and not url.lower().startswith(("http", "www")):
            continue
        url = url.rstrip(_TRAILING)
        out.append((url, match.start(), match.start() + len(url)))
    return out


class LinkChecker:
    """Checks URLs with bounded concurrency and a cache.

    Args:
        timeout: Seconds per request.
        concurrency: Most requests in flight.
        cache_path: Optional JSON file to read and update.
    """

    def __init__(self, *, timeout: float = 10.0, concurrency: int = 8, cache_path: str | None = None) -> None:
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.cache_path = Path(cache_path) if cache_path else None
        self.cache: dict[str, LinkResult] = {}
        self._lock = threading.Lock()
        if self.cache_path and self.cache_path.exists():
            try:
                for url, data in json.loads(self.cache_path.read_text(encoding="utf-8")).items():
                    self.cache[url] = LinkResult(**data)
            except (ValueError, TypeError):
                self.cache = {}

    def _fetch(self, client: httpx.Client, url: str) -> LinkResult:
        target = url if re.match(r"https?://", url, re.IGNORECASE) else f"http://{url}"
        try:
            response = client.head(target)
            if response.status_code in (403, 405, 501) or response.status_code >= 500:
                response = client.get(target)
            return LinkResult(url, response.status_code, str(response.url))
        except httpx.TimeoutException:
            return LinkResult(url, None, target, "timeout")
        except httpx.HTTPError as exc:
            try:
                response = client.get(target)
                return LinkResult(url, response.status_code, str(response.url))
            except httpx.TimeoutException:
                return LinkResult(url, None, target, "timeout")
            except httpx.HTTPError:
                return LinkResult(url, None, target, type(exc).__name__)

    def check_urls(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        """Check each distinct URL (cached ones are not requested again)."""
        urls = list(urls)
        todo = sorted({u for u in urls if u not in self.cache})
        if todo:
            with httpx.Client(follow_redirects=True, timeout=self.timeout, max_redirects=10,
                              headers={"User-Agent": _USER_AGENT}) as client, \
                    ThreadPoolExecutor(max_workers=min(self.concurrency, len(todo))) as pool:
                for result in pool.map(lambda u: self._fetch(client, u), todo):
                    with self._lock:
                        self.cache[result.url] = result
            if self.cache_path:
                write_text(self.cache_path, json.dumps({u: asdict(r) for u, r in self.cache.items()}, indent=1))
        return {u: self.cache[u] for u in urls if u in self.cache}


def check(text: str, checker: LinkChecker) -> list[Finding]:
    """Return broken-link findings for the URLs in ``text`` (offsets into ``text``)."""
    found = find_urls(text)
    results = checker.check_urls(url for url, _, _ in found)
    findings = []
    for url, start, end in found:
        finding = results[url].finding()
        if finding:
            finding.start, finding.end = start, end
            findings.append(finding)
    return findings


__all__ = ["RULE", "LinkChecker", "LinkResult", "check", "find_urls"]
