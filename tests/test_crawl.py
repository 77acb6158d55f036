"""`askbio crawl` against a small site that a local http.server serves (never a remote host):
redirects, a 404, a robots.txt exclusion and crawl delay, a file that is not HTML, a loop of
links and one of redirects, another host, a sitemap; then a second crawl that finds nothing
changed, and the corpus it made answering with the page's own address."""

from __future__ import annotations

import functools
import itertools
import json
import os
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from askbio.cli import cli
from askbio.crawl import STATE_FILE, CrawlError, CrawlParams, crawl, normalize_url, page_path
from askbio.engine import Engine
from askbio.settings import Config

NAV = '<nav><a href="/">Home</a> | <a href="/about.html">About</a> | <a href="/news.html">News</a></nav>'
FOOTER = "<footer>Cookie settings</footer>"


def _page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{NAV}<main><h1>{title}</h1>{body}</main>{FOOTER}</body></html>"


SITE = {
    "robots.txt": "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.1\n",
    "index.html": _page(
        "Biotech Agency",
        "<p>The agency helps biotech companies settle in the region.</p>"
        '<p><a href="/about.html#team">About us</a> <a href="/team/">Team</a> <a href="/private/secret.html">Secret</a> '
        '<a href="/old-page">Old news</a> <a href="/missing.html">Gone</a> <a href="/data">Data</a> '
        '<a href="/brochure.pdf">Brochure</a> <a href="http://other.example/">Partner</a> '
        '<a href="/loop-a">Loop</a> <a href="mailto:info@agency.example">Mail</a></p>',
    ),
    "about.html": _page(
        "About the agency",
        "<p>The agency was founded in 2011 in Gosselies.</p><p>It employs 35 people.</p>"
        '<p><a href="/">Back home</a></p>',
    ),
    "team/index.html": _page(
        "Our team", '<p>Ann Peeters leads the agency since 2019.</p><a href="/about.html">About</a>'
    ),
    "news.html": _page(
        "News", '<p>The agency opened an office in Liège in 2024.</p><a href="/index.html">Home</a>'
    ),
    "private/secret.html": _page("Secret", "<p>The secret budget is 12 million euros.</p>"),
    "data": "a,b\n1,2\n",
    "sitemap.xml": (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{base}/about.html</loc></url><url><loc>{base}/news.html</loc></url></urlset>"
    ),
}
REDIRECTS = {"/old-page": "/news.html", "/loop-a": "/loop-b", "/loop-b": "/loop-a"}


class _Handler(SimpleHTTPRequestHandler):
    log: list[tuple[str, int, float]]  # path, status, time: set on a subclass per server

    def do_GET(self) -> None:
        if self.path in REDIRECTS:
            self.send_response(301)
            self.send_header("Location", REDIRECTS[self.path])
            self.end_headers()
            return
        super().do_GET()

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log.append((self.path, code, time.monotonic()))
        super().send_response(code, message)

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture()
def site(tmp_path):
    """The site's files in a folder, served on a free loopback port; yields (base URL, root, log)."""
    root = tmp_path / "www"
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for name, text in SITE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{base}", base), encoding="utf-8")
    log: list[tuple[str, int, float]] = []
    handler = type("Handler", (_Handler,), {"log": log})
    server.RequestHandlerClass = functools.partial(handler, directory=str(root))  # type: ignore[assignment]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, root, log
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_a_crawl_stores_the_allowed_pages_and_says_why_it_passed_over_the_others(site, tmp_path):
    base, _, log = site
    folder = tmp_path / "corpus"
    report = crawl(base + "/", folder, CrawlParams(delay=0))
    assert sorted(report.fetched) == [base + p for p in ("/", "/about.html", "/news.html", "/team/")]
    skipped = dict(report.skipped)
    assert skipped[base + "/old-page"] == f"the same page as {base}/news.html"  # a redirect to it
    assert skipped[base + "/index.html"] == f"the same page as {base}/"
    assert skipped[base + "/private/secret.html"] == "robots.txt disallows it"
    assert skipped[base + "/missing.html"] == "HTTP 404"
    assert skipped[base + "/data"].startswith("not an HTML page (application/octet-stream")
    assert skipped[base + "/brochure.pdf"] == "not a page (pdf)"
    assert skipped["http://other.example/"] == "on another host"
    assert skipped[base + "/loop-a"] == "a redirect loop"
    assert not any("secret" in path for path, _, _ in log)  # never even asked for
    assert not any(path == "/brochure.pdf" for path, _, _ in log)
    # The redirect's page is stored under the address it ends at, and each page once.
    stored = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    host = base.removeprefix("http://").replace(":", "-")
    assert stored == [
        f"{host}/{name}" for name in ("about.html", "index.html", "news.html", "team/index.html")
    ]
    news = (folder / host / "news.html").read_text(encoding="utf-8")
    assert news.startswith(f"---\ntitle: News\nurl: {base}/news.html\n---\n<html>")
    # robots.txt's Crawl-delay of 0.1 s is kept between requests, --delay 0 notwithstanding.
    times = [t for _, _, t in log]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.09


@pytest.mark.slow
def test_the_crawled_corpus_answers_citing_the_real_page(site, tmp_path):
    base, _, _ = site
    folder = tmp_path / "corpus"
    crawl(base + "/", folder, CrawlParams(delay=0))
    engine = Engine(Config(corpus=folder, index_dir=tmp_path / "index"))
    answer = engine.ask("How many people does the agency employ?")
    assert not answer.abstained and "35" in answer.answer
    assert answer.citations[0].url == base + "/about.html"
    assert answer.citations[0].title == "About the agency"
    assert engine.ask("What is the secret budget?").abstained  # robots.txt kept it out
    texts = " ".join(p.text for p in engine.load().passages)
    assert "Cookie settings" not in texts and "Home | About" not in texts  # boilerplate dropped


@pytest.mark.slow
def test_a_second_crawl_fetches_only_what_changed(site, tmp_path):
    base, root, log = site
    folder = tmp_path / "corpus"
    first = crawl(base + "/", folder, CrawlParams(delay=0))
    log.clear()
    second = crawl(base + "/", folder, CrawlParams(delay=0))
    assert second.fetched == [] and sorted(second.unchanged) == sorted(first.fetched)
    statuses = {path: status for path, status, _ in log}
    assert {statuses[p] for p in ("/", "/about.html", "/news.html", "/team/")} == {304}
    assert "/index.html" not in statuses  # known to be "/" by its file name
    # A page edited on the site is fetched again; one removed from it is removed here too.
    about = root / "about.html"
    about.write_text(SITE["about.html"].replace("35 people", "40 people"), encoding="utf-8")
    os.utime(about, (time.time() + 5, time.time() + 5))
    shutil.rmtree(root / "team")
    third = crawl(base + "/", folder, CrawlParams(delay=0))
    assert third.fetched == [base + "/about.html"]
    assert third.removed == [base + "/team/"]
    host = base.removeprefix("http://").replace(":", "-")
    assert "40 people" in (folder / host / "about.html").read_text(encoding="utf-8")
    assert not (folder / host / "team" / "index.html").exists()
    assert json.loads((folder / STATE_FILE).read_text())["pages"][base + "/about.html"]["last_modified"]


@pytest.mark.slow
def test_bounds_stop_the_crawl(site, tmp_path):
    base, _, _ = site
    report = crawl(base + "/", tmp_path / "a", CrawlParams(delay=0, max_pages=2))
    assert len(report.fetched) == 2 and report.stopped == "--max-pages 2 reached"
    small = crawl(base + "/", tmp_path / "b", CrawlParams(delay=0, max_bytes=100))
    assert len(small.fetched) == 1 and "--max-bytes" in (small.stopped or "")
    tiny = crawl(base + "/", tmp_path / "c", CrawlParams(delay=0, max_page_bytes=200))
    assert tiny.fetched == [] and dict(tiny.skipped)[base + "/"] == "larger than 200 bytes"


@pytest.mark.slow
def test_a_sitemap_lists_the_pages_to_crawl(site, tmp_path):
    base, _, _ = site
    report = crawl(base + "/sitemap.xml", tmp_path / "corpus", CrawlParams(delay=0))
    assert report.fetched[:2] == [base + "/about.html", base + "/news.html"]


@pytest.mark.slow
def test_the_command_crawls_and_reports(site, tmp_path):
    base, _, _ = site
    folder = tmp_path / "corpus"
    result = CliRunner().invoke(cli, ["crawl", base + "/", str(folder), "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "Stored 4 new or changed page(s), 0 unchanged, 0 removed" in result.output
    assert f"skipped {base}/private/secret.html: robots.txt disallows it" in result.output
    again = CliRunner().invoke(cli, ["crawl", base + "/", str(folder), "--delay", "0", "--json"])
    data = json.loads(again.output.splitlines()[-1])
    assert data["fetched"] == [] and len(data["unchanged"]) == 4


def test_a_start_that_cannot_be_crawled_is_one_line_and_exit_4(tmp_path):
    from conftest import free_port

    result = CliRunner().invoke(
        cli, ["crawl", f"http://127.0.0.1:{free_port()}/", str(tmp_path / "c"), "--delay", "0"]
    )
    assert result.exit_code == 4
    assert "robots.txt cannot be read" in result.output
    bad = CliRunner().invoke(cli, ["crawl", "ftp://example.org/", str(tmp_path / "c")])
    assert bad.exit_code == 4 and "not a web address" in bad.output
    with pytest.raises(CrawlError):
        crawl("file:///etc/passwd", tmp_path / "d")
    assert (
        CliRunner().invoke(cli, ["crawl", "http://x/", str(tmp_path), "--max-bytes", "lots"]).exit_code == 2
    )


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("http://Example.org:80/", "example.org/index.html"),
        ("https://example.org/a/b.html?x=1#top", "example.org/a/b-{q}.html"),
        ("https://example.org/a/b/", "example.org/a/b/index.html"),
        ("https://example.org/../../etc/passwd", "example.org/-/-/etc/passwd.html"),
        ("https://example.org/%2e%2e/x y", "example.org/-2e-2e/x-y.html"),
    ],
)
def test_page_paths_stay_inside_the_folder(url, path):
    import hashlib

    got = page_path(normalize_url(url))
    assert got == path.replace("{q}", hashlib.sha256(b"x=1").hexdigest()[:10])
    assert ".." not in Path(got).parts


def test_crawl_delay_is_askbios_own_else_everyones_with_fractions():
    from askbio.crawl import _crawl_delay

    assert _crawl_delay(["User-agent: *", "Crawl-delay: 0.5"]) == 0.5
    assert (
        _crawl_delay(["User-agent: *", "Crawl-delay: 5", "", "User-agent: askbio", "Crawl-delay: 2"]) == 2.0
    )
    assert _crawl_delay(["User-agent: otherbot", "Crawl-delay: 9"]) == 0.0
    assert _crawl_delay(["User-agent: *", "Crawl-delay: soon"]) == 0.0
