"""``broken-link``: URLs that are malformed, do not answer, answer 404/410, redirect, or are rate-limited.

Offline (no request is made): a web address whose scheme is mangled ("htps://", "https//",
"http:/www.", "http//", "https:www.") will not open; it is reported as an error with the
corrected address as the suggestion (:func:`malformed`).

With link checking on, each distinct URL is requested once per run (HEAD, then GET when HEAD is
refused or fails), redirects followed, with a timeout and at most ``concurrency`` requests in
flight (a thread pool sharing one ``httpx.Client``). Results are cached for the run and,
optionally, in a JSON file across runs. Outcomes: 404/410 → broken (error); other 4xx/5xx,
timeouts and connection failures → warning; 429 → rate-limited (info, not broken); a redirect →
info with the final URL as the suggestion. When no connection could be made to any host in the
run (no network, DNS down), a connection failure says nothing about the link: it is reported as
inconclusive (info, "could not be checked") and is not written to the cache file.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import httpx

from extractor.io import write_text
from extractor.qa.finding import Finding
from extractor.qa.text import SCHEMED_URL, URL

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
        connected: False when no connection to the host could be made (DNS failure, refused,
            connect timeout).
        inconclusive: True when no host at all could be reached in the run, so that this
            result says nothing about the link.
    """

    url: str
    status: int | None
    final_url: str
    error: str | None = None
    connected: bool = True
    inconclusive: bool = False

    def finding(self) -> Finding | None:
        """The finding this result deserves (None for a plain success)."""
        if self.inconclusive:
            return Finding(RULE, "info", f"the link {self.url} could not be checked: no connection could be made "
                           f"to any host ({self.error}); check it when online", text=self.url,
                           extra={"inconclusive": True})
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


def malformed(text: str) -> list[Finding]:
    """Return broken-link findings (``error``) for web addresses in ``text`` whose scheme is mangled.

    A scheme near "http" ("htps", "hhttp", "htttp") or a separator other than "://" ("https//",
    "http:/", "http//", "https:") makes the address unusable; the suggestion is the address with
    ``http://`` or ``https://`` (as the writer meant: an "s" in the scheme keeps it).
    """
    findings = []
    for match in SCHEMED_URL.finditer(text):
        scheme, separator = match.group("scheme"), match.group("sep")
        if scheme.lower() in ("http", "https") and separator == "://":
            continue
        written = match.group().rstrip(_TRAILING)
        fixed = ("https://" if "s" in scheme.lower() else "http://") + match.group("rest").rstrip(_TRAILING)
        findings.append(Finding(RULE, "error", f"the link {written} is malformed ('{scheme}{separator}' is not a "
                                f"web address scheme) and will not open", text=written, suggestion=fixed,
                                start=match.start(), end=match.start() + len(written),
                                extra={"malformed": True}))
    return findings


def find_urls(text: str) -> list[tuple[str, int, int]]:
    """Return (url, start, end) for each http(s)/www URL in ``text``, trailing punctuation trimmed.

    Addresses inside a malformed one (the "www.x.org" of "https//www.x.org") are left out: they are
    reported by :func:`malformed`, not fetched.
    """
    bad = [(f.start, f.end) for f in malformed(text)]
    out = []
    for match in URL.finditer(text):
        url = match.group()
        if "@" in url and not url.lower().startswith(("http", "www")):
            continue
        if any(s <= match.start() < e for s, e in bad):  # type: ignore[operator]
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
        self.answered = False  # some host answered a request during this run
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
        except httpx.ConnectTimeout:
            return LinkResult(url, None, target, "timeout", connected=False)
        except httpx.TimeoutException:
            return LinkResult(url, None, target, "timeout")
        except httpx.HTTPError as exc:
            try:
                response = client.get(target)
                return LinkResult(url, response.status_code, str(response.url))
            except httpx.ConnectTimeout:
                return LinkResult(url, None, target, "timeout", connected=False)
            except httpx.TimeoutException:
                return LinkResult(url, None, target, "timeout")
            except httpx.HTTPError as again:
                connected = not isinstance(again, httpx.ConnectError) and not isinstance(exc, httpx.ConnectError)
                return LinkResult(url, None, target, type(exc).__name__, connected=connected)

    def check_urls(self, urls: Iterable[str]) -> dict[str, LinkResult]:
        """Check each distinct URL (cached ones are not requested again).

        Check all of a run's URLs in one call where possible: whether a connection failure is
        inconclusive (no host answered at all) is judged on the requests made so far.
        """
        urls = list(urls)
        todo = sorted({u for u in urls if u not in self.cache})
        if todo:
            with httpx.Client(follow_redirects=True, timeout=self.timeout, max_redirects=10,
                              headers={"User-Agent": _USER_AGENT}) as client, \
                    ThreadPoolExecutor(max_workers=min(self.concurrency, len(todo))) as pool:
                fresh = list(pool.map(lambda u: self._fetch(client, u), todo))
            with self._lock:
                self.answered = self.answered or any(r.status is not None for r in fresh)
                for result in fresh:
                    self.cache[result.url] = result
            if self.cache_path:  # a failure while no host answered says nothing: not kept for later runs
                write_text(self.cache_path, json.dumps({u: asdict(r) for u, r in self.cache.items()
                                                        if r.connected or self.answered}, indent=1))
        return {u: self._judged(self.cache[u]) for u in urls if u in self.cache}

    def _judged(self, result: LinkResult) -> LinkResult:
        """The result, marked inconclusive when no connection was made and no host answered in this run."""
        inconclusive = not result.connected and not self.answered
        return result if result.inconclusive == inconclusive else replace(result, inconclusive=inconclusive)


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


__all__ = ["RULE", "LinkChecker", "LinkResult", "check", "find_urls", "malformed"]
