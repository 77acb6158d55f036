"""Fetching a website into a corpus folder (`askbio crawl URL FOLDER`): from a start page or a
sitemap, on the start page's host (and hosts allowed besides), as robots.txt allows and at its
crawl delay, bounded in pages and bytes. Each page is stored as HTML with its address and title
in front matter, so a citation links back to the real page; the HTML reader (corpus.py) drops
the navigation, footers and banners.

What each page's server said of it (ETag, Last-Modified) is kept in the folder's
``.askbio-crawl.json``, so the next crawl asks for each page only if it changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import yaml

from askbio import __version__
from askbio.errors import AskbioError, ExitCode

log = logging.getLogger("askbio")

STATE_FILE = ".askbio-crawl.json"  # hidden: the corpus reader passes it over
USER_AGENT = f"askbio/{__version__} (document crawler)"
ROBOTS_AGENT = "askbio"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAP_BYTES = 10 * 1024 * 1024
MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is read as asking for this much
# Addresses whose ending says they are no page; not even asked for.
_NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|svg|webp|ico|bmp|tiff?|mp[34]|avi|mov|webm|wav|ogg|zip|gz|tgz|rar|7z|exe|dmg|"
    r"css|js|json|xml|rss|atom|woff2?|ttf|eot|csv|xlsx?|pptx?|docx?|pdf)$",
    re.IGNORECASE,
)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>", re.IGNORECASE)


class CrawlError(AskbioError):
    """The crawl cannot start: a start address that is not a web address, or out of reach."""

    code = "crawl_failed"
    exit_code = ExitCode.CORPUS


@dataclass(frozen=True)
class CrawlParams:
    """The bounds of a crawl."""

    max_pages: int = 500
    max_bytes: int = 100 * 1024 * 1024  # all pages together
    max_page_bytes: int = 5 * 1024 * 1024
    delay: float = 1.0  # seconds between requests; robots.txt's Crawl-delay when it asks for more
    allowed_hosts: tuple[str, ...] = ()
    timeout: float = 20.0


@dataclass
class CrawlReport:
    """What a crawl did: pages stored (fetched anew), unchanged since the last crawl, removed
    (gone from the site), and addresses passed over with the reason."""

    fetched: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    bytes: int = 0
    stopped: str | None = None  # the bound that ended the crawl early, if one did

    def to_dict(self) -> dict[str, Any]:
        return {
            "fetched": self.fetched,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": [{"url": u, "reason": r} for u, r in self.skipped],
            "bytes": self.bytes,
            "stopped": self.stopped,
        }


@dataclass(frozen=True)
class _Response:
    status: int
    url: str  # after redirects
    headers: dict[str, str]
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by the crawler itself, which checks each hop's host and robots.txt."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def normalize_url(url: str) -> str:
    """A page's address as one spelling: no fragment, lower-case scheme and host, no default port."""
    scheme, netloc, path, query, _ = urlsplit(url.strip())
    scheme, netloc = scheme.lower(), netloc.lower()
    if (scheme, netloc.rpartition(":")[2]) in (("http", "80"), ("https", "443")):
        netloc = netloc.rpartition(":")[0]
    return urlunsplit((scheme, netloc, path or "/", query, ""))


def page_path(url: str) -> str:
    """Where a page is stored in the folder: ``host/path.html``, a query in a short hash."""
    _, netloc, path, query, _ = urlsplit(url)
    parts = [re.sub(r"[^A-Za-z0-9._-]+", "-", p)[:80].strip(".") or "-" for p in path.split("/") if p]
    if not parts or path.endswith("/"):
        parts.append("index")
    stem = parts[-1].rsplit(".", 1)[0] if re.search(r"\.(?:html?|php|aspx?)$", parts[-1], re.I) else parts[-1]
    if query:
        stem += "-" + hashlib.sha256(query.encode()).hexdigest()[:10]
    host = re.sub(r"[^A-Za-z0-9.-]+", "-", netloc)
    return "/".join([host, *parts[:-1], stem + ".html"])


class Crawler:
    """One crawl of a site into `folder` (see the module's docstring)."""

    def __init__(
        self,
        start: str,
        folder: Path,
        params: CrawlParams | None = None,
        *,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        scheme, netloc = urlsplit(start).scheme.lower(), urlsplit(start).netloc.lower()
        if scheme not in ("http", "https") or not netloc:
            raise CrawlError(f"not a web address (http:// or https://): {start}", code="invalid_url")
        self.start = normalize_url(start)
        self.folder = folder
        self.params = params or CrawlParams()
        self.progress = progress
        self.hosts = {urlsplit(self.start).netloc, *(h.lower() for h in self.params.allowed_hosts)}
        self.state: dict[str, dict[str, str]] = {}
        self.report = CrawlReport()
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._robots_unread: dict[str, str] = {}  # host -> why its robots.txt could not be read
        self._delays: dict[str, float] = {}  # host -> its robots.txt's Crawl-delay for askbio
        self._last_request = 0.0
        self._seen: set[str] = set()  # addresses queued or visited
        self._paths: dict[str, str] = {}  # file stored this crawl -> the address it holds
        self._opener = urllib.request.build_opener(_NoRedirect)

    def run(self) -> CrawlReport:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.state = self._load_state()
        queue: deque[str] = deque(self._seeds())
        self._seen = set(queue)
        try:
            while queue:
                if self._bound_reached():
                    break
                url = queue.popleft()
                for link in self._visit(url):
                    if link not in self._seen:
                        self._seen.add(link)
                        queue.append(link)
        finally:
            self._save_state()
        return self.report

    # --- one page ---

    def _visit(self, url: str) -> list[str]:
        """Fetch one page (if it changed), store it, and return the links to follow from it."""
        reason = self._refusal(url)
        if reason:
            self.report.skipped.append((url, reason))
            return []
        known = self.state.get(url, {})
        owner = self._paths.get(known.get("path") or page_path(url))
        if owner is not None and owner != url:  # "/index.html" after "/": not fetched again
            self.report.skipped.append((url, f"the same page as {owner}"))
            return []
        headers = {
            k: v
            for k, v in (
                ("If-None-Match", known.get("etag")),
                ("If-Modified-Since", known.get("last_modified")),
            )
            if v
        }
        response = self._fetch(
            url, headers if known and (self.folder / known.get("path", "")).is_file() else {}
        )
        if isinstance(response, str):
            self.report.skipped.append((url, response))
            return []
        self._seen.add(response.url)
        relative = known.get("path") or page_path(response.url)
        if self._paths.setdefault(relative, url) != url:  # "/" and "/index.html"
            self.report.skipped.append((url, f"the same page as {self._paths[relative]}"))
            return []
        if response.status == 304:
            self.report.unchanged.append(url)
            self._tell(url)
            html = (self.folder / known["path"]).read_text(encoding="utf-8", errors="replace")
            return self._links(response.url, html)
        if response.status in (404, 410):
            self._forget(url)
            self.report.skipped.append((url, f"HTTP {response.status}"))
            return []
        if response.status != 200:
            self.report.skipped.append((url, f"HTTP {response.status}"))
            return []
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in HTML_TYPES:
            self.report.skipped.append((url, f"not an HTML page ({kind or 'no content type'})"))
            return []
        html = response.body.decode(_charset(response.headers.get("content-type", "")), errors="replace")
        robots_meta = _robots_meta(html)
        if "noindex" not in robots_meta:
            self._store(url, relative, response, html)
        else:
            self.report.skipped.append((url, "the page asks not to be indexed (robots noindex)"))
        return [] if "nofollow" in robots_meta else self._links(response.url, html)

    def _refusal(self, url: str) -> str | None:
        if urlsplit(url).netloc not in self.hosts:
            return "on another host"
        if _NOT_PAGES.search(urlsplit(url).path):
            return "not a page (" + urlsplit(url).path.rsplit(".", 1)[-1].lower() + ")"
        if not self._robots_for(url).can_fetch(ROBOTS_AGENT, url):
            unread = self._robots_unread.get(urlsplit(url).netloc)
            return (
                f"robots.txt cannot be read ({unread}): nothing is fetched"
                if unread
                else "robots.txt disallows it"
            )
        return None

    def _fetch(self, url: str, headers: dict[str, str], hops: int = 5) -> _Response | str:
        """The page's response, redirects followed on allowed hosts; a string says why there is none."""
        chain = [url]
        for _ in range(hops + 1):
            response = self._get(url, headers, self.params.max_page_bytes)
            if isinstance(response, str) or response.status not in (301, 302, 303, 307, 308):
                return response
            target = normalize_url(urljoin(url, response.headers.get("location", "")))
            if urlsplit(target).netloc not in self.hosts:
                return f"redirects to another host ({urlsplit(target).netloc})"
            if not self._robots_for(target).can_fetch(ROBOTS_AGENT, target):
                return "redirects to a page robots.txt disallows"
            if target in chain:
                return "a redirect loop"
            if target in self._seen:
                return f"the same page as {target}"
            chain.append(target)
            url = target  # the same page: its conditional headers still apply
        return f"more than {hops} redirects"

    def _get(self, url: str, headers: dict[str, str], limit: int) -> _Response | str:
        """One GET, after the crawl delay; at most `limit` bytes of body are read."""
        wait = self._delay_for(url) - (time.monotonic() - self._last_request)
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})  # noqa: S310 - http(s) only
        try:
            with self._opener.open(request, timeout=self.params.timeout) as raw:
                status, final, head = raw.status, raw.geturl(), raw.headers
                body = raw.read(limit + 1)
        except urllib.error.HTTPError as error:
            status, final, head, body = error.code, url, error.headers, b""
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return f"cannot be fetched ({getattr(exc, 'reason', exc)})"
        finally:
            self._last_request = time.monotonic()
        if len(body) > limit:
            return f"larger than {limit:,} bytes"
        self.report.bytes += len(body)
        return _Response(status, normalize_url(final), {k.lower(): v for k, v in head.items()}, body)

    # --- storing ---

    def _store(self, url: str, relative: str, response: _Response, html: str) -> None:
        from askbio.corpus import html_to_text

        meta, _ = html_to_text(html)
        front = {"title": meta.get("title") or url, "url": response.url}
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (
            "---\n"
            + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
            + "---\n"
            + html
        )
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        self.state[url] = {
            k: v
            for k, v in (
                ("path", relative),
                ("etag", response.headers.get("etag")),
                ("last_modified", response.headers.get("last-modified")),
            )
            if v
        }
        self.report.fetched.append(url)
        self._tell(url)

    def _forget(self, url: str) -> None:
        """A page gone from the site (404, 410): its stored copy goes too."""
        known = self.state.pop(url, None)
        if known and known.get("path"):
            (self.folder / known["path"]).unlink(missing_ok=True)
            self.report.removed.append(url)

    def _links(self, base: str, html: str) -> list[str]:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(html, "html.parser")
        tag = soup.find("base", href=True)
        base = urljoin(base, str(tag["href"])) if tag else base
        links = []
        for a in soup.find_all("a", href=True):
            href = str(a["href"]).strip()
            if href.startswith(("mailto:", "tel:", "javascript:", "#")) or "nofollow" in (a.get("rel") or []):
                continue
            url = normalize_url(urljoin(base, href))
            if urlsplit(url).scheme in ("http", "https"):
                links.append(url)
        return links

    # --- seeds, robots.txt and bounds ---

    def _seeds(self) -> list[str]:
        """The start page, or the pages a sitemap (or a sitemap index's sitemaps) lists."""
        if not urlsplit(self.start).path.lower().endswith(".xml"):
            return [self.start]
        pages: list[str] = []
        sitemaps, done = deque([self.start]), set[str]()
        while sitemaps and len(done) < 50:
            sitemap = sitemaps.popleft()
            done.add(sitemap)
            response = self._get(sitemap, {}, MAX_SITEMAP_BYTES)
            if isinstance(response, str) or response.status != 200:
                why = response if isinstance(response, str) else f"HTTP {response.status}"
                if sitemap == self.start:
                    raise CrawlError(f"the sitemap {sitemap} cannot be read: {why}")
                self.report.skipped.append((sitemap, why))
                continue
            body = response.body.decode("utf-8", errors="replace")
            for loc in _LOC.findall(body):
                url = normalize_url(unescape(loc))
                if "<sitemapindex" in body:
                    if url not in done:
                        sitemaps.append(url)
                elif url not in pages:
                    pages.append(url)
        return pages

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt rules, fetched once: a missing file (4xx) allows everything; a
        server error or no answer allows nothing (RFC 9309)."""
        scheme, netloc = urlsplit(url)[:2]
        robots = self._robots.get(netloc)
        if robots is None:
            robots = urllib.robotparser.RobotFileParser()
            response = self._get(f"{scheme}://{netloc}/robots.txt", {}, 512 * 1024)
            if isinstance(response, str) or response.status >= 500:
                robots.parse(["User-agent: *", "Disallow: /"])
                self._robots_unread[netloc] = (
                    response if isinstance(response, str) else f"HTTP {response.status}"
                )
            elif response.status == 200:
                lines = response.body.decode("utf-8", errors="replace").splitlines()
                robots.parse(lines)
                self._delays[netloc] = _crawl_delay(lines)
            else:
                robots.parse([])
            self._robots[netloc] = robots
        return robots

    def _delay_for(self, url: str) -> float:
        asked = self._delays.get(urlsplit(url).netloc, 0.0)
        return max(self.params.delay, min(asked, MAX_CRAWL_DELAY))

    def _bound_reached(self) -> bool:
        pages = len(self.report.fetched) + len(self.report.unchanged)
        if pages >= self.params.max_pages:
            self.report.stopped = f"--max-pages {self.params.max_pages} reached"
        elif self.report.bytes >= self.params.max_bytes:
            self.report.stopped = f"--max-bytes {self.params.max_bytes:,} reached"
        return self.report.stopped is not None

    def _tell(self, url: str) -> None:
        if self.progress:
            self.progress(url, len(self.report.fetched) + len(self.report.unchanged), self.params.max_pages)

    # --- the state file ---

    def _load_state(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        pages = data.get("pages") if isinstance(data, dict) else None
        return {str(k): v for k, v in pages.items() if isinstance(v, dict)} if isinstance(pages, dict) else {}

    def _save_state(self) -> None:
        path = self.folder / STATE_FILE
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps({"start": self.start, "pages": self.state}, indent=1), encoding="utf-8")
        os.replace(tmp, path)


def _crawl_delay(lines: list[str]) -> float:
    """robots.txt's Crawl-delay for askbio (its own group's, else the "*" group's), fractions
    of a second included, which the standard library's parser does not read; 0 when none."""
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in lines:
        key, _, value = raw.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        elif key:
            in_rules = True
            if key == "crawl-delay":
                with contextlib.suppress(ValueError):  # a delay that is no number is none
                    delays.update(dict.fromkeys(agents, float(value)))
    own = next((d for agent, d in delays.items() if agent != "*" and agent in ROBOTS_AGENT), None)
    return own if own is not None else delays.get("*", 0.0)


def _charset(content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    charset = match.group(1) if match else "utf-8"
    try:
        "".encode(charset)
    except LookupError:
        return "utf-8"
    return charset


def _robots_meta(html: str) -> set[str]:
    """The page's own robots directives (``<meta name="robots" content="noindex, nofollow">``)."""
    found: set[str] = set()
    for match in re.finditer(r"<meta\b[^>]*>", html[:200_000], re.IGNORECASE):
        tag = match.group(0)
        if re.search(r"name\s*=\s*[\"']?(?:robots|askbio)\b", tag, re.IGNORECASE):
            content = re.search(r"content\s*=\s*[\"']([^\"']*)", tag, re.IGNORECASE)
            if content:
                found |= {d.strip().lower() for d in content.group(1).split(",")}
    return found


def crawl(
    start: str,
    folder: Path,
    params: CrawlParams | None = None,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> CrawlReport:
    """Crawl the site at `start` into `folder` (see the module's docstring)."""
    return Crawler(start, folder, params, progress=progress).run()


__all__ = ["CrawlError", "CrawlParams", "CrawlReport", "crawl", "normalize_url", "page_path"]
