"""Browser tests of the embeddable chat widget (web/widget.js, web/widget.css).

They drive Debian's chromium through Playwright against a real ``askbio serve`` started by
the ``live_server`` fixture (tests/conftest.py), which serves the demo page and the API.
Outside CI the module is skipped when /usr/bin/chromium is missing; in CI (``CI`` set)
it must run, so a missing browser or Playwright fails loudly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import free_port

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
IN_CI = bool(os.environ.get("CI"))

if not Path(CHROMIUM).exists() and not IN_CI:
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

try:
    from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    if IN_CI:
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "screenshot.png"
SCREENSHOT_DARK = ROOT / "docs" / "screenshot-dark.png"
# axe-core, from npm (scripts/test.sh installs it); injected into the page by the tests.
AXE = ROOT / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"

JOBS_QUESTION = "how many jobs in biomanufacturing"
ABSTAIN_QUESTION = "What is the capital of Australia?"
XSS_QUESTION = "<img src=x onerror=alert(1)>"
UNREACHABLE_TEXT = "Can't reach the assistant right now"

# Selectors: Playwright's CSS engine pierces the widget's open shadow root.
BOT = ".askbio-msg--bot"
REPLY = ".askbio-msg--bot, .askbio-msg--error"

expect.set_options(timeout=20_000)


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _new_page(browser: Browser, **context_options: Any) -> tuple[Page, list[str]]:
    """A page in a fresh context, and a list collecting JS exceptions and CSP violations."""
    options: dict[str, Any] = {"viewport": {"width": 1000, "height": 800}}
    options.update(context_options)
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console: {msg.text}")
            if msg.type == "error" and ("Content Security Policy" in msg.text or "Refused to" in msg.text)
            else None
        ),
    )
    return page, problems


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page, problems = _new_page(browser)
    yield page
    page.context.close()
    assert problems == [], "the widget raised errors or violated the page's CSP"


@pytest.fixture
def unreachable_page(page: Page, live_server: str) -> Page:
    """The demo page, with every request to the chat API failing at the network level."""
    page.route("**/api/chat", lambda route: route.abort("connectionrefused"))
    page.goto(live_server + "/")
    return page


# ------------------------------------------------------------------- helpers

ACTIVE_JS = """() => {
  const host = document.getElementById('askbio-widget');
  const a = document.activeElement;
  if (!host || a !== host) return a ? 'page:' + a.tagName.toLowerCase() : '';
  const inner = host.shadowRoot.activeElement;
  return inner ? (inner.getAttribute('class') || inner.tagName.toLowerCase()) : 'host';
}"""


def active(page: Page) -> str:
    """Class of the focused element inside the widget (or 'page:<tag>' outside it)."""
    return page.evaluate(ACTIVE_JS)


def open_panel(page: Page) -> None:
    page.locator(".askbio-launcher").click()
    expect(page.locator(".askbio-panel")).to_be_visible()
    expect(page.locator(".askbio-input")).to_be_focused()


def load_and_open(page: Page, base: str) -> None:
    page.goto(base + "/")
    open_panel(page)


def ask(page: Page, question: str) -> Any:
    """Type a question, press Enter, wait for the reply; returns the locator of the reply."""
    replies = page.locator(REPLY)
    before = replies.count()
    page.locator(".askbio-input").fill(question)
    page.locator(".askbio-input").press("Enter")
    expect(replies).to_have_count(before + 1)
    return replies.nth(before)


def ask_for_json(page: Page, question: str) -> tuple[Any, dict[str, Any]]:
    """Like ask(), also returning the API's JSON answer."""
    with page.expect_response(lambda r: r.url.endswith("/api/chat")) as response:
        reply = ask(page, question)
    return reply, response.value.json()


def merged(ranges: list[list[int]], length: int) -> list[tuple[int, int]]:
    spans = sorted((max(0, s), min(length, e)) for s, e in ranges if min(length, e) > max(0, s))
    out: list[list[int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


# --------------------------------------------------------------------- tests


def test_answer_shows_text_and_citation_chips(page: Page, live_server: str, tmp_path: Path) -> None:
    load_and_open(page, live_server)
    reply, data = ask_for_json(page, JOBS_QUESTION)

    expect(reply).to_have_class(re.compile(r"\baskbio-msg--bot\b"))
    expect(reply).not_to_have_class(re.compile(r"\baskbio-msg--abstained\b"))
    expect(reply.locator(".askbio-answer")).to_contain_text("50,000")
    chips = reply.locator(".askbio-chip")
    assert chips.count() >= 1
    assert chips.count() == len(data["citations"])
    expect(chips.first).to_have_text(f"[1] {data['citations'][0]['short_title']}")
    expect(chips.first).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".askbio-typing")).to_have_count(0)

    span = data.get("answer_span")
    if span and span in data["answer"]:
        expect(reply.locator(".askbio-answer strong, .askbio-answer mark")).to_have_text(span)

    # The user's message is on the right, the answer on the left.
    user_box = page.locator(".askbio-msg--user .askbio-bubble").last.bounding_box()
    bot_box = reply.locator(".askbio-bubble").first.bounding_box()
    assert user_box and bot_box
    assert user_box["x"] + user_box["width"] > bot_box["x"] + bot_box["width"] - 1
    assert user_box["x"] > bot_box["x"]

    # Screenshot for the README: the answer with its first source opened.
    chips.first.click()
    passage = reply.locator(".askbio-passage").first
    expect(passage).to_be_visible()
    page.locator(".askbio-log").evaluate(  # show the question at the top of the picture
        "log => { log.scrollTop = log.querySelector('.askbio-msg--user').offsetTop - 8; }"
    )
    # The README's picture is refreshed on request only, so a test run leaves the tree clean.
    target = SCREENSHOT if os.environ.get("ASKBIO_UPDATE_SCREENSHOT") else tmp_path / "screenshot.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000


def test_chip_expands_passage_with_highlights(page: Page, live_server: str) -> None:
    load_and_open(page, live_server)
    reply, data = ask_for_json(page, JOBS_QUESTION)
    citation = data["citations"][0]

    chip = reply.locator(".askbio-chip").first
    passage = reply.locator(".askbio-passage").first
    expect(passage).to_be_hidden()
    chip.click()
    expect(chip).to_have_attribute("aria-expanded", "true")
    expect(passage).to_be_visible()
    assert chip.get_attribute("aria-controls") == passage.get_attribute("id")

    expect(passage).to_contain_text(citation["title"])
    if citation.get("publisher"):
        expect(passage).to_contain_text(citation["publisher"])
    # The passage text is the citation's text; the answer sentence is what is marked, and the
    # question's words are in bold.
    text = citation["text"]
    expect(passage.locator(".askbio-passage-text")).to_have_text(text, use_inner_text=False)
    start, end = citation["sentence"]
    expect(passage.locator("mark")).to_have_count(1)
    expect(passage.locator("mark.askbio-sentence")).to_have_text(text[start:end], use_inner_text=False)
    expected = [text[s:e] for s, e in merged(citation["highlights"], len(text))]
    assert "".join(passage.locator(".askbio-term").all_text_contents()) == "".join(expected)
    links = passage.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", live_server + citation["source_url"])
    expect(links).to_have_attribute("target", "_blank")
    expect(links).to_have_attribute("rel", re.compile(r"\bnoopener\b"))

    chip.press("Enter")  # the keyboard toggles it back
    expect(chip).to_have_attribute("aria-expanded", "false")
    expect(passage).to_be_hidden()


def test_abstention_has_its_own_look_and_no_chips(page: Page, live_server: str) -> None:
    load_and_open(page, live_server)
    reply = ask(page, ABSTAIN_QUESTION)

    expect(reply).to_have_class(re.compile(r"\baskbio-msg--abstained\b"))
    expect(reply.locator(".askbio-chip")).to_have_count(0)
    expect(reply.locator(".askbio-passage")).to_have_count(0)
    bg = "e => getComputedStyle(e).backgroundColor"
    abstained_bg = reply.locator(".askbio-bubble").evaluate(bg)
    normal_bg = page.locator(".askbio-msg--intro .askbio-bubble").evaluate(bg)
    assert abstained_bg != normal_bg


def test_abstention_shows_the_apis_refusal_text(page: Page, live_server: str) -> None:
    """The refusal is worded by the API alone: the widget shows its text, word for word."""
    load_and_open(page, live_server)
    reply, data = ask_for_json(page, ABSTAIN_QUESTION)
    assert data["abstained"] is True
    expect(reply.locator(".askbio-answer")).to_have_text(data["answer"], use_inner_text=False)

    refusal = {**data, "answer": "Nothing about that in these documents, sorry."}
    page.route("**/api/chat", lambda route: route.fulfill(status=200, json=refusal))
    reply = ask(page, "anything else")
    expect(reply).to_have_class(re.compile(r"\baskbio-msg--abstained\b"))
    expect(reply.locator(".askbio-answer")).to_have_text(refusal["answer"], use_inner_text=False)


def test_question_is_shown_as_text_not_html(page: Page, live_server: str) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    load_and_open(page, live_server)
    ask(page, XSS_QUESTION)

    expect(page.locator(".askbio-msg--user .askbio-bubble").last).to_have_text(XSS_QUESTION)
    count = page.evaluate(
        "() => document.getElementById('askbio-widget').shadowRoot.querySelectorAll('img').length"
    )
    assert count == 0
    expect(page.locator("img")).to_have_count(0)
    page.wait_for_timeout(300)
    assert dialogs == []


def test_api_content_is_rendered_as_text(page: Page, live_server: str) -> None:
    """Whatever the API returns (HTML, javascript: URLs) is shown as text, never run."""
    payload = "<img src=x onerror=alert(2)>"
    # The emoji is one character for the API (Python offsets) but two UTF-16 units in JS.
    passage_text = "\U0001f9ec <img src=y onerror=alert(5)> jobs"
    tag_at, jobs_at = passage_text.index("<img"), passage_text.index("jobs")
    evil = {
        "question": "q",
        "answer": f"<b>bold</b> {payload} 50,000",
        "abstained": False,
        "confidence": 0.9,
        "answer_span": payload,
        "citations": [
            {
                "doc_id": "d",
                "title": "<script>alert(3)</script>",
                "publisher": "<i>pub</i>",
                "url": "javascript:alert(4)",
                "passage_id": "p",
                "text": passage_text,
                "score": 1.0,
                "highlights": [[tag_at, tag_at + 5], [jobs_at, jobs_at + 4], [40, 99], [3, 1]],
                "short_title": "<u>short</u>",
                "source_url": "javascript:alert(7)",
                "sentence": [jobs_at, 999],
            }
        ],
    }
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/api/chat", lambda route: route.fulfill(status=200, json=evil))
    load_and_open(page, live_server)
    reply = ask(page, "anything")
    reply.locator(".askbio-chip").first.click()

    expect(reply.locator(".askbio-answer")).to_have_text(evil["answer"])
    expect(reply.locator(".askbio-answer strong")).to_have_text(payload)
    passage = reply.locator(".askbio-passage")
    expect(passage).to_contain_text("<script>alert(3)</script>")
    expect(passage).to_contain_text("<i>pub</i>")
    expect(passage.locator(".askbio-passage-text")).to_have_text(passage_text)
    assert passage.locator(".askbio-term").all_text_contents() == ["<img ", "jobs"]
    expect(passage.locator("mark.askbio-sentence")).to_have_text("jobs")
    expect(reply.locator(".askbio-chip")).to_have_text("[1] <u>short</u>")
    expect(passage.locator("a")).to_have_count(0)  # a javascript: URL gets no link
    for tag in ("img", "script", "b", "i", "u"):
        expect(page.locator(f"#askbio-widget {tag}")).to_have_count(0)
    page.wait_for_timeout(300)
    assert dialogs == []


def test_a_pdf_citation_shows_its_page(page: Page, live_server: str) -> None:
    """A passage from a PDF (issue 20's `page` field) says which page it is on, in the
    widget's language."""
    answer = {
        "question": "q",
        "answer": "The plant employs 120 people.",
        "abstained": False,
        "confidence": 0.9,
        "citations": [
            {
                "doc_id": "report",
                "title": "Annual report",
                "publisher": "The agency",
                "url": None,
                "passage_id": "report#4",
                "text": "The plant employs 120 people.",
                "score": 1.0,
                "highlights": [],
                "page": 4,
            }
        ],
    }
    page.route("**/api/chat", lambda route: route.fulfill(status=200, json=answer))
    load_and_open(page, live_server)
    reply = ask(page, "how many people work at the plant?")
    reply.locator(".askbio-chip").first.click()
    expect(reply.locator(".askbio-passage-publisher")).to_have_text("The agency, page 4")


CONTRAST_JS = """() => {
  const root = document.getElementById('askbio-widget').shadowRoot;
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of root.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest('.askbio-sr-only')) continue;
    const s = getComputedStyle(el);
    const fg = lum(parse(s.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(el.className + ' "' + el.textContent.slice(0, 30) + '" ' + ratio.toFixed(2));
  }
  return failures;
}"""


def test_text_contrast_meets_wcag_aa(page: Page, live_server: str) -> None:
    load_and_open(page, live_server)
    ask(page, JOBS_QUESTION)
    page.locator(".askbio-chip").first.click()
    ask(page, ABSTAIN_QUESTION)
    page.route("**/api/chat", lambda route: route.abort())
    ask(page, JOBS_QUESTION)
    expect(page.locator(".askbio-retry")).to_be_visible()
    assert page.evaluate(CONTRAST_JS) == []


def test_keyboard_only(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    expect(page.locator(".askbio-launcher")).to_be_visible()

    for _ in range(25):
        page.keyboard.press("Tab")
        if "askbio-launcher" in active(page):
            break
    else:
        pytest.fail("Tab never reached the launcher")
    launcher = page.locator(".askbio-launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    outline = launcher.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline not in ("none", ""), "the focused launcher has no visible outline"

    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".askbio-input")).to_be_focused()

    page.keyboard.type(JOBS_QUESTION)
    page.keyboard.press("Enter")
    reply = page.locator(BOT).last
    expect(reply).to_contain_text("50,000")
    expect(page.locator(".askbio-input")).to_be_focused()
    expect(page.locator(".askbio-input")).to_have_value("")

    # Backwards from the question: the sources, the conversation, close, new conversation,
    # the launcher (a close control while the chat is open).
    visited: list[str] = []
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
        visited.append(active(page).split()[0])
        if visited[-1] == "askbio-launcher":
            break
    n_chips = reply.locator(".askbio-chip").count()
    assert visited == ["askbio-chip"] * n_chips + [
        "askbio-log",
        "askbio-close",
        "askbio-new",
        "askbio-launcher",
    ]
    expect(launcher).to_have_text("Close chat")

    # Forwards again to the first source, and open it with Enter.
    for _ in range(4):
        page.keyboard.press("Tab")
    assert active(page).split()[0] == "askbio-chip"
    chip = reply.locator(".askbio-chip").first
    expect(chip).to_be_focused()
    page.keyboard.press("Enter")
    expect(chip).to_have_attribute("aria-expanded", "true")
    expect(reply.locator(".askbio-passage").first).to_be_visible()

    page.keyboard.press("Escape")
    expect(page.locator(".askbio-panel")).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_be_focused()


def test_unreachable_api_shows_error_and_retry(unreachable_page: Page) -> None:
    page = unreachable_page
    open_panel(page)
    reply = ask(page, JOBS_QUESTION)

    expect(reply).to_have_class(re.compile(r"\baskbio-msg--error\b"))
    expect(reply).to_contain_text(UNREACHABLE_TEXT)
    retry = reply.locator(".askbio-retry")
    expect(retry).to_be_visible()
    expect(page.locator(BOT)).to_have_count(0)

    page.unroute("**/api/chat")
    retry.click()
    expect(page.locator(BOT)).to_have_count(1)
    expect(page.locator(BOT).last).to_contain_text("50,000")
    expect(page.locator(".askbio-msg--error")).to_have_count(0)
    expect(page.locator(".askbio-msg--user")).to_have_count(1)  # resent, not retyped


@pytest.mark.parametrize(
    ("status", "body", "shown", "retry"),
    [
        (500, {"error": {"code": "internal", "message": "boom"}}, UNREACHABLE_TEXT, True),
        (503, None, UNREACHABLE_TEXT, True),
        (
            429,
            {"error": {"code": "rate_limited", "message": "Slow down a little."}},
            "Slow down a little.",
            True,
        ),
        (
            400,
            {"error": {"code": "empty_question", "message": "The question is empty."}},
            "The question is empty.",
            False,
        ),
    ],
)
def test_api_errors_are_shown(
    page: Page, live_server: str, status: int, body: Any, shown: str, retry: bool
) -> None:
    def handler(route: Route) -> None:
        if body is None:
            route.fulfill(status=status, body="<html>Service Unavailable</html>", content_type="text/html")
        else:
            route.fulfill(status=status, json=body)

    page.route("**/api/chat", handler)
    load_and_open(page, live_server)
    reply = ask(page, JOBS_QUESTION)
    expect(reply).to_have_class(re.compile(r"\baskbio-msg--error\b"))
    expect(reply).to_contain_text(shown)
    expect(reply.locator(".askbio-retry")).to_have_count(1 if retry else 0)


def test_server_error_message_is_shown(page: Page, live_server: str) -> None:
    """A question the real server refuses (too long, for a widget told a larger limit): its
    message is shown, and the question stays in the box to be shortened."""
    page.route(
        "**/api/collection",
        lambda route: route.fulfill(status=200, json={"title": "T", "max_question_chars": 100_000}),
    )
    load_and_open(page, live_server)
    question = "biomanufacturing jobs " * 300
    reply = ask(page, question)
    expect(reply).to_have_class(re.compile(r"\baskbio-msg--error\b"))
    text = reply.inner_text().strip()
    assert text and UNREACHABLE_TEXT not in text
    expect(reply.locator(".askbio-retry")).to_have_count(0)
    expect(page.locator(".askbio-input")).to_have_value(question.strip())


def test_host_css_and_widget_css_do_not_mix(browser: Browser, live_server: str) -> None:
    # add_style_tag inserts an inline <style>, which the demo page's CSP forbids.
    page, problems = _new_page(browser, bypass_csp=True)
    try:
        probe = """() => {
          const b = document.createElement('button');
          b.className = 'askbio-chip askbio-launcher askbio-send';
          b.textContent = 'Host button';
          document.querySelector('main').appendChild(b);
          const m = document.createElement('mark');
          m.textContent = 'host mark';
          document.querySelector('main').appendChild(m);
          const pick = (e) => { const s = getComputedStyle(e); return {
            bg: s.backgroundColor, color: s.color, font: s.fontSize + ' ' + s.fontFamily,
            border: s.borderTopWidth + ' ' + s.borderTopStyle + ' ' + s.borderTopColor,
            radius: s.borderTopLeftRadius, padding: s.padding, position: s.position,
            display: s.display, boxSizing: s.boxSizing }; };
          return {button: pick(b), mark: pick(m)};
        }"""
        # Reference: the demo page without the widget.
        page.route("**/widget.js", lambda route: route.abort())
        page.goto(live_server + "/")
        without_widget = page.evaluate(probe)
        page.unroute("**/widget.js")

        page.goto(live_server + "/")
        launcher = page.locator("#askbio-widget .askbio-launcher")
        expect(launcher).to_be_visible()
        assert launcher.evaluate("e => getComputedStyle(e).position") == "fixed"  # CSS loaded
        assert page.evaluate(probe) == without_widget

        launcher.click()
        ask(page, JOBS_QUESTION)
        widget_probe = """() => {
          const root = document.getElementById('askbio-widget').shadowRoot;
          const out = {};
          for (const sel of ['.askbio-input', '.askbio-title', '.askbio-send', '.askbio-answer',
                             '.askbio-chip', '.askbio-launcher', '.askbio-msg--user .askbio-bubble']) {
            const s = getComputedStyle(root.querySelector(sel));
            out[sel] = [s.fontSize, s.color, s.fontFamily, s.lineHeight, s.backgroundColor].join(' | ');
          }
          return out;
        }"""
        before = page.evaluate(widget_probe)
        assert before[".askbio-input"].startswith("16px")
        page.add_style_tag(
            content="* { color: red !important; font-size: 40px !important; "
            "font-family: serif !important; line-height: 3 !important; "
            "background: yellow !important }"
        )
        assert page.locator("h1").evaluate("e => getComputedStyle(e).fontSize") == "40px"
        assert page.evaluate(widget_probe) == before
        box = page.locator("#askbio-widget .askbio-panel").bounding_box()
        assert box and box["x"] + box["width"] <= 1000
        assert problems == []
    finally:
        page.context.close()


def test_narrow_viewport(browser: Browser, live_server: str) -> None:
    page, problems = _new_page(browser, viewport={"width": 360, "height": 740})
    try:
        load_and_open(page, live_server)
        reply = ask(page, JOBS_QUESTION)
        reply.locator(".askbio-chip").first.click()
        for selector in (".askbio-panel", ".askbio-input", ".askbio-send", ".askbio-close"):
            box = page.locator(selector).bounding_box()
            assert box, selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (selector, box)
        panel = page.locator(".askbio-panel").bounding_box()
        assert panel and panel["width"] >= 340  # full width
        for locator in (reply, reply.locator(".askbio-passage").first):
            box = locator.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.keyboard.press("Escape")
        expect(page.locator(".askbio-launcher")).to_be_focused()
        assert problems == []
    finally:
        page.context.close()


def test_follow_up_questions_send_history(page: Page, live_server: str) -> None:
    load_and_open(page, live_server)
    with page.expect_request(lambda r: r.url.endswith("/api/chat")) as first:
        _, data = ask_for_json(page, JOBS_QUESTION)
    assert first.value.post_data_json == {"question": JOBS_QUESTION, "history": []}

    with page.expect_request(lambda r: r.url.endswith("/api/chat")) as second:
        ask(page, "  And in vaccines?  ")
    assert second.value.post_data_json == {
        "question": "And in vaccines?",
        "history": [{"question": JOBS_QUESTION, "answer": data["answer"]}],
    }


def test_a_follow_up_shows_the_question_it_answers(page: Page, live_server: str) -> None:
    """The question a follow-up was completed to is shown above its answer, as text; a question
    of its own shows none."""
    load_and_open(page, live_server)
    first, _ = ask_for_json(page, JOBS_QUESTION)
    expect(first.locator(".askbio-resolved")).to_have_count(0)
    reply, data = ask_for_json(page, "and in Flanders?")
    assert data["resolved_question"] == f"{JOBS_QUESTION} in Flanders?"
    line = reply.locator(".askbio-resolved")
    expect(line).to_have_text(f"Answering: {JOBS_QUESTION} in Flanders?")
    assert line.evaluate("e => e.nextElementSibling !== null")  # above the answer, inside its bubble
    assert page.evaluate(CONTRAST_JS) == []


def test_the_resolved_question_is_rendered_as_text(page: Page, live_server: str) -> None:
    evil = {"question": "q", "answer": "a", "abstained": False, "confidence": 0.9, "citations": []}
    evil["resolved_question"] = "<img src=x onerror=alert(6)>"
    page.route("**/api/chat", lambda route: route.fulfill(status=200, json=evil))
    load_and_open(page, live_server)
    reply = ask(page, "anything")
    expect(reply.locator(".askbio-resolved")).to_have_text("Answering: <img src=x onerror=alert(6)>")
    expect(page.locator("#askbio-widget img")).to_have_count(0)


def test_empty_question_is_not_sent(page: Page, live_server: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/api/chat" in r.url else None)
    load_and_open(page, live_server)
    page.locator(".askbio-input").fill("   ")
    page.locator(".askbio-input").press("Enter")
    page.locator(".askbio-send").click()
    page.wait_for_timeout(300)
    expect(page.locator(".askbio-msg--user")).to_have_count(0)
    assert requests == []


def test_typing_indicator_respects_reduced_motion(page: Page, live_server: str) -> None:
    held: list[Route] = []
    page.route("**/api/chat", lambda route: held.append(route))
    load_and_open(page, live_server)
    page.locator(".askbio-input").fill(JOBS_QUESTION)
    page.locator(".askbio-input").press("Enter")

    dot = page.locator(".askbio-typing .askbio-dot").first
    expect(dot).to_be_visible()
    animation = "e => getComputedStyle(e).animationName"
    assert dot.evaluate(animation) != "none"
    page.emulate_media(reduced_motion="reduce")
    assert dot.evaluate(animation) == "none"

    page.wait_for_function("() => true")  # let Playwright deliver the held route
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator(BOT)).to_have_count(1)
    expect(page.locator(".askbio-typing")).to_have_count(0)


def test_a_near_miss_shows_the_passage_it_quotes(page: Page, live_server: str) -> None:
    """A near miss is a refusal that cites what the documents say nearest to the question."""
    load_and_open(page, live_server)
    reply, data = ask_for_json(page, "What share of Belgian exports were pharmaceuticals in 2010?")
    assert data["abstained"] is True and data["near_miss"] == ["2010"] and data["citations"]
    expect(reply).to_have_class(re.compile(r"\baskbio-msg--abstained\b"))
    expect(reply.locator(".askbio-sources")).to_have_count(1)
    expect(reply.locator(".askbio-answer")).to_have_text(data["answer"])
    if "[1]" in data["answer"]:
        reply.locator(".askbio-cite").first.click()
        expect(reply.locator(".askbio-passage").first).to_be_visible()
    reply, data = ask_for_json(page, ABSTAIN_QUESTION)  # a plain refusal cites nothing
    assert not data["citations"]
    expect(reply.locator(".askbio-sources")).to_have_count(0)


# --------------------------------------------------- issue 19: what visitors expect

TWO_SOURCES = {
    "question": "q",
    "answer": "Exports are 14.8 % of the total. [1] They reached EUR 98 billion. [2]",
    "abstained": False,
    "confidence": 0.9,
    "answer_span": "14.8 %",
    "parts": [
        {"text": "Exports are 14.8 % of the total.", "span": "14.8 %", "citation": 1},
        {"text": "They reached EUR 98 billion.", "span": "EUR 98 billion", "citation": 2},
    ],
    "citations": [
        {
            "doc_id": f"doc-{n}",
            "title": f"Document number {n}: a long title that the chip shortens",
            "short_title": f"Document number {n}",
            "url": None,
            "source_url": f"/documents/doc-{n}",
            "publisher": None,
            "passage_id": f"doc-{n}#0",
            "text": ("Some words before. " * 12) + sentence + (" Some words after." * 12),
            "score": 0.5,
            "highlights": [],
            "sentence": [19 * 12, 19 * 12 + len(sentence)],
        }
        for n, sentence in ((1, "Exports are 14.8 % of the total."), (2, "They reached EUR 98 billion."))
    ],
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        if IN_CI:
            raise AssertionError(f"{AXE} is missing: scripts/test.sh installs axe-core with npm")
        pytest.skip("axe-core is not installed (scripts/test.sh installs it with npm)")
    return AXE.read_text(encoding="utf-8")


AXE_RUN = """async () => {
  const result = await axe.run(document);
  return result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
}"""


def axe_violations(page: Page, source: str) -> list[str]:
    """axe-core's violations on the page as it is now (the widget's shadow root included)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(source)  # through the DevTools protocol: the page's CSP does not apply
    return page.evaluate(AXE_RUN)


def show_a_conversation(page: Page) -> None:
    """An answer with its first source open, a refusal, and an error with Retry."""
    ask(page, JOBS_QUESTION)
    page.locator(".askbio-chip").first.click()
    ask(page, ABSTAIN_QUESTION)
    page.route("**/api/chat", lambda route: route.abort())
    ask(page, JOBS_QUESTION)
    page.unroute("**/api/chat")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "layout",
    [
        {"viewport": {"width": 1000, "height": 800}},
        {"viewport": {"width": 360, "height": 740}},
        # 200 % zoom of a 1000 x 800 window: half as many CSS pixels, each drawn twice as large.
        {"viewport": {"width": 500, "height": 400}, "device_scale_factor": 2},
    ],
    ids=["desktop", "360px", "zoom200"],
)
def test_axe_finds_no_violation(browser: Browser, live_server: str, axe_source: str, scheme, layout) -> None:
    # axe sets inline styles while it checks colours, which the demo page's CSP refuses.
    page, problems = _new_page(browser, color_scheme=scheme, bypass_csp=True, **layout)
    try:
        page.goto(live_server + "/")
        expect(page.locator(".askbio-launcher")).to_be_visible()
        assert axe_violations(page, axe_source) == [], "closed"
        open_panel(page)
        expect(page.locator(".askbio-suggestion").first).to_be_visible()
        assert axe_violations(page, axe_source) == [], "open, empty"
        show_a_conversation(page)
        assert axe_violations(page, axe_source) == [], "open, with a conversation"
        assert page.evaluate(CONTRAST_JS) == []
        assert problems == []
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_document_view_passes_axe(browser: Browser, live_server: str, axe_source: str, scheme) -> None:
    page, problems = _new_page(browser, color_scheme=scheme, bypass_csp=True)  # for axe, as above
    try:
        load_and_open(page, live_server)
        _, data = ask_for_json(page, JOBS_QUESTION)
        page.goto(live_server + data["citations"][0]["source_url"])
        expect(page.locator("mark.sentence")).to_be_visible()
        assert axe_violations(page, axe_source) == []
        assert problems == []
    finally:
        page.context.close()


def test_a_citation_opens_the_source_at_the_passage(page: Page, live_server: str) -> None:
    load_and_open(page, live_server)
    reply, data = ask_for_json(page, JOBS_QUESTION)
    citation = data["citations"][0]
    reply.locator(".askbio-chip").first.click()
    with page.context.expect_page() as opened:
        reply.locator(".askbio-source-link").first.click()
    source = opened.value
    source.wait_for_load_state()
    assert source.url == live_server + citation["source_url"]
    passage = source.locator(".passage--cited")
    expect(passage).to_have_count(1)
    expect(passage).to_be_in_viewport()
    assert passage.get_attribute("id") == f"p-{citation['passage_id']}"
    assert source.evaluate("() => document.querySelector(':target')?.id") == f"p-{citation['passage_id']}"
    start, end = citation["sentence"]
    expect(passage.locator("mark.sentence")).to_have_text(citation["text"][start:end])
    source.close()


def test_answer_markers_open_their_source_and_keep_the_answer_in_view(page: Page, live_server: str) -> None:
    page.route("**/api/chat", lambda route: route.fulfill(status=200, json=TWO_SOURCES))
    load_and_open(page, live_server)
    reply = ask(page, "How big are the exports?")
    chips = reply.locator(".askbio-chip")
    expect(chips).to_have_text(["[1] Document number 1", "[2] Document number 2"])
    markers = reply.locator(".askbio-answer .askbio-cite")
    expect(markers).to_have_text(["[1]", "[2]"])
    expect(markers.nth(1)).to_have_attribute("aria-label", "Source 2: Document number 2")
    expect(reply.locator(".askbio-answer strong")).to_have_text(["14.8 %", "EUR 98 billion"])

    markers.nth(1).click()
    passage = reply.locator(".askbio-passage").nth(1)
    expect(passage).to_be_visible()
    expect(passage).to_be_focused()
    expect(chips.nth(1)).to_have_attribute("aria-expanded", "true")
    expect(reply.locator(".askbio-passage").first).to_be_hidden()
    expect(passage.locator("mark")).to_have_text("They reached EUR 98 billion.")
    log_box = page.locator(".askbio-log").bounding_box()
    answer_box = reply.locator(".askbio-answer").bounding_box()
    assert log_box and answer_box
    assert answer_box["y"] >= log_box["y"] - 1, "the answer scrolled out of view"
    assert answer_box["y"] < log_box["y"] + log_box["height"]


def test_suggested_questions_are_clickable(page: Page, live_server: str) -> None:
    collection = requests_get_json(live_server + "/api/collection")
    load_and_open(page, live_server)
    greeting = page.locator(".askbio-greeting")
    expect(greeting).to_contain_text(collection["title"])
    expect(greeting).not_to_contain_text("the documents")
    suggestions = page.locator(".askbio-suggestion")
    expect(suggestions).to_have_text(collection["suggested_questions"])

    with page.expect_request(lambda r: r.url.endswith("/api/chat")) as sent:
        suggestions.first.click()
    assert sent.value.post_data_json["question"] == collection["suggested_questions"][0]
    expect(page.locator(BOT)).to_have_count(1)
    expect(page.locator(".askbio-suggestions")).to_be_hidden()

    page.locator(".askbio-new").click()
    expect(page.locator(BOT)).to_have_count(0)
    expect(page.locator(".askbio-msg--user")).to_have_count(0)
    expect(suggestions.first).to_be_visible()
    expect(page.locator(".askbio-input")).to_be_focused()


def test_the_demo_pages_questions_ask_the_widget(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    question = page.locator(".demo-question").nth(2)
    text = question.inner_text()
    question.click()
    expect(page.locator(".askbio-panel")).to_be_visible()
    expect(page.locator(".askbio-msg--user .askbio-bubble")).to_have_text(text)
    expect(page.locator(BOT)).to_have_count(1)


def requests_get_json(url: str) -> Any:
    import requests

    return requests.get(url, timeout=10).json()


BG = "e => getComputedStyle(e).backgroundColor"


def test_dark_mode_applies(browser: Browser, live_server: str, tmp_path: Path) -> None:
    backgrounds = {}
    for scheme in ("light", "dark"):
        page, problems = _new_page(browser, color_scheme=scheme)
        try:
            load_and_open(page, live_server)
            reply = ask(page, JOBS_QUESTION)
            if scheme == "dark":  # the README's dark picture, refreshed on request only
                reply.locator(".askbio-chip").first.click()
                page.locator(".askbio-log").evaluate(
                    "log => { log.scrollTop = log.querySelector('.askbio-msg--user').offsetTop - 8; }"
                )
                target = (
                    SCREENSHOT_DARK if os.environ.get("ASKBIO_UPDATE_SCREENSHOT") else tmp_path / "dark.png"
                )
                page.screenshot(path=str(target))
            backgrounds[scheme] = (
                page.locator(".askbio-panel").evaluate(BG),
                page.locator(BOT).last.locator(".askbio-bubble").evaluate(BG),
                page.locator("body").evaluate(BG),
            )
            assert page.evaluate(CONTRAST_JS) == []
            assert problems == []
        finally:
            page.context.close()
    assert backgrounds["light"][0] == "rgb(255, 255, 255)"
    assert backgrounds["dark"][0] == "rgb(22, 25, 29)"
    assert backgrounds["dark"][1] != backgrounds["light"][1]
    assert backgrounds["dark"][2] != backgrounds["light"][2]  # the demo page follows


def embed_page(page: Page, live_server: str, attributes: str, *, at: str | None = None, css: str = "") -> str:
    """A page embedding the widget from `live_server` with `attributes`, as another site's page
    would; served at `at` (a URL Playwright answers for; by default a page of the live server's
    own origin, as a loopback origin the browser lets reach the server); returns its URL."""
    url = at or live_server + "/embed-test"
    html = (
        f"<!doctype html><html lang='en'><head><title>Host page</title><style>{css}</style></head>"
        f"<body><main><h1>Host page</h1></main>"
        f"<script src='{live_server}/widget.js' data-api='{live_server}' {attributes}></script></body></html>"
    )
    page.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html"))
    return url


def test_data_options_set_title_greeting_accent_position_and_language(page: Page, live_server: str) -> None:
    url = embed_page(
        page,
        live_server,
        "data-title='Biobot' data-greeting='Welkom bij Biobot.' data-accent='#7a1f5c' "
        "data-position='left' data-lang='nl'",
    )
    page.goto(url)
    launcher = page.locator(".askbio-launcher")
    expect(launcher).to_have_text("Vraag het Biobot")
    box = launcher.bounding_box()
    assert box and box["x"] < 100  # on the left
    assert launcher.evaluate(BG) == "rgb(122, 31, 92)"
    launcher.click()
    expect(page.locator(".askbio-title")).to_have_text("Biobot")
    expect(page.locator(".askbio-greeting")).to_have_text("Welkom bij Biobot.")
    expect(page.locator(".askbio-send")).to_have_text("Verzenden")
    expect(launcher).to_have_text("Chat sluiten")
    assert page.locator(".askbio-root").get_attribute("lang") == "nl"
    reply = ask(page, JOBS_QUESTION)
    expect(reply).to_contain_text("50,000")
    expect(reply.locator(".askbio-chips-label")).to_have_text("Bronnen")


@pytest.mark.parametrize(
    ("lang", "send"),
    [("en", "Send"), ("fr", "Envoyer"), ("nl", "Verzenden"), ("de", "Senden"), ("pt", "Send")],
)
def test_the_widgets_words_follow_the_page_language(page: Page, live_server: str, lang, send) -> None:
    url = embed_page(page, live_server, "")
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=f"<!doctype html><html lang='{lang}-BE'><head><title>p</title></head><body>"
            f"<script src='{live_server}/widget.js' data-api='{live_server}'></script></body></html>",
        ),
    )
    page.goto(url)
    page.locator(".askbio-launcher").click()
    expect(page.locator(".askbio-send")).to_have_text(send)


def test_a_host_page_themes_the_widget_with_custom_properties(page: Page, live_server: str) -> None:
    url = embed_page(
        page,
        live_server,
        "",
        css="#askbio-widget { --askbio-accent: rgb(0, 100, 0); --askbio-surface: rgb(250, 245, 230); "
        "--askbio-font-family: serif; } * { color: red; }",
    )
    page.goto(url)
    launcher = page.locator(".askbio-launcher")
    assert launcher.evaluate(BG) == "rgb(0, 100, 0)"
    launcher.click()
    assert page.locator(".askbio-panel").evaluate(BG) == "rgb(250, 245, 230)"
    assert page.locator(".askbio-header").evaluate(BG) == "rgb(0, 100, 0)"
    assert "serif" in page.locator(".askbio-greeting").evaluate("e => getComputedStyle(e).fontFamily")
    assert page.locator(".askbio-greeting").evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"


def test_a_conversation_survives_reload_and_navigation(page: Page, live_server: str) -> None:
    load_and_open(page, live_server)
    _, data = ask_for_json(page, JOBS_QUESTION)
    page.reload()
    # It was open: it opens again, without taking the page's focus.
    expect(page.locator(".askbio-panel")).to_be_visible()
    expect(page.locator(".askbio-msg--user .askbio-bubble")).to_have_text([JOBS_QUESTION])
    expect(page.locator(BOT)).to_contain_text("50,000")
    expect(page.locator(".askbio-suggestions")).to_be_hidden()
    page.locator(BOT).locator(".askbio-chip").first.click()  # a kept answer's sources still open
    expect(page.locator(".askbio-passage mark")).to_be_visible()

    page.goto(live_server + "/?another=page")  # another page of the site
    expect(page.locator(".askbio-msg--user")).to_have_count(1)
    with page.expect_request(lambda r: r.url.endswith("/api/chat")) as follow_up:
        ask(page, "and in Flanders?")
    assert follow_up.value.post_data_json["history"] == [
        {"question": JOBS_QUESTION, "answer": data["answer"]}
    ]

    page.locator(".askbio-new").click()
    page.reload()
    expect(page.locator(".askbio-msg--user")).to_have_count(0)
    page.locator(".askbio-close").click()
    page.reload()
    expect(page.locator(".askbio-panel")).to_be_hidden()


def test_a_kept_conversation_is_capped(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    turns = [
        {"question": f"question {i}", "data": {"answer": f"answer {i}", "abstained": False, "citations": []}}
        for i in range(30)
    ]
    page.evaluate(
        "([key, value]) => sessionStorage.setItem(key, JSON.stringify(value))",
        [f"askbio:conversation:{live_server}", {"open": True, "turns": turns}],
    )
    page.reload()
    expect(page.locator(".askbio-msg--user")).to_have_count(20)
    expect(page.locator(".askbio-msg--user .askbio-bubble").first).to_have_text("question 10")
    page.evaluate(
        "([key]) => sessionStorage.setItem(key, '{not json')", [f"askbio:conversation:{live_server}"]
    )
    page.reload()  # damaged: a fresh start, no error
    expect(page.locator(".askbio-msg--user")).to_have_count(0)


def test_the_launcher_closes_the_open_chat(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    launcher = page.locator(".askbio-launcher")
    expect(launcher).to_have_text("Ask askbio")
    launcher.click()
    expect(launcher).to_have_text("Close chat")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    launcher.click()
    expect(page.locator(".askbio-panel")).to_be_hidden()
    expect(launcher).to_have_text("Ask askbio")
    expect(launcher).to_be_focused()


@pytest.fixture(scope="module")
def other_origin() -> Iterator[tuple[str, dict[str, str]]]:
    """A web server of another origin on this machine (another port): it serves the HTML put in
    the dict it yields under "page", at any path. A real one: the browser lets a page reach a
    loopback server only from a loopback address, which a page Playwright answers for has not."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    content = {"page": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = content["page"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", content
    server.shutdown()
    server.server_close()


def host_page(live_server: str, api: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><title>Another site</title></head><body><main><h1>Another "
        f"site</h1></main><script src='{live_server}/widget.js' data-api='{api}'></script></body></html>"
    )


def test_a_cors_refusal_has_its_own_message_and_warning(
    browser: Browser, live_server: str, other_origin: tuple[str, dict[str, str]]
) -> None:
    origin, content = other_origin  # not in the live server's cors_origins
    content["page"] = host_page(live_server, live_server)
    page, _ = _new_page(browser)  # the browser logs the refusal as an error of its own
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    try:
        page.goto(origin + "/")
        open_panel(page)
        reply = ask(page, JOBS_QUESTION)
        expect(reply).to_have_class(re.compile(r"\baskbio-msg--error\b"))
        expect(reply).to_contain_text("not allowed to use the assistant")
        expect(reply).not_to_contain_text(UNREACHABLE_TEXT)
        expect(reply.locator(".askbio-retry")).to_have_count(0)
        assert any(origin in w and "cors-origins" in w for w in warnings), warnings
    finally:
        page.context.close()


def test_a_server_out_of_reach_is_not_called_a_cors_refusal(
    browser: Browser, live_server: str, other_origin: tuple[str, dict[str, str]]
) -> None:
    origin, content = other_origin
    content["page"] = host_page(live_server, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    page, _ = _new_page(browser)
    try:
        page.goto(origin + "/")
        open_panel(page)
        reply = ask(page, JOBS_QUESTION)
        expect(reply).to_contain_text(UNREACHABLE_TEXT)
        expect(reply.locator(".askbio-retry")).to_have_count(1)
    finally:
        page.context.close()


def test_a_429_counts_down_its_retry_after(page: Page, live_server: str) -> None:
    def limited(route: Route) -> None:
        route.fulfill(
            status=429,
            headers={"Retry-After": "2"},
            json={"error": {"code": "rate_limited", "message": "Too many questions."}},
        )

    page.route("**/api/chat", limited)
    load_and_open(page, live_server)
    reply = ask(page, JOBS_QUESTION)
    expect(reply).to_contain_text("Too many questions.")
    expect(reply.locator(".askbio-countdown")).to_have_text("You can ask again in 2 s.")
    retry = reply.locator(".askbio-retry")
    expect(retry).to_be_disabled()
    expect(reply.locator(".askbio-countdown")).to_have_text("You can ask again in 1 s.")
    expect(reply.locator(".askbio-countdown")).to_have_text("You can ask again now.", timeout=5000)
    expect(retry).to_be_enabled()
    page.unroute("**/api/chat")
    retry.click()
    expect(page.locator(BOT)).to_contain_text("50,000")


def test_a_hung_api_says_still_searching_and_can_be_cancelled(page: Page, live_server: str) -> None:
    held: list[Route] = []
    page.route("**/api/chat", lambda route: held.append(route))
    load_and_open(page, live_server)
    page.locator(".askbio-input").fill(JOBS_QUESTION)
    page.locator(".askbio-input").press("Enter")
    expect(page.locator(".askbio-input")).to_have_value("")
    still = page.locator(".askbio-still")
    expect(still).to_be_hidden()
    expect(still).to_have_text("Still searching\u2026", timeout=8000)
    expect(still).to_be_visible()
    page.locator(".askbio-cancel").click()
    reply = page.locator(".askbio-msg--error").last
    expect(reply).to_contain_text("Stopped.")
    expect(page.locator(".askbio-typing")).to_have_count(0)
    expect(page.locator(".askbio-input")).to_have_value(JOBS_QUESTION)
    expect(page.locator(".askbio-input")).to_be_focused()


def test_earlier_retry_buttons_are_disabled(unreachable_page: Page) -> None:
    page = unreachable_page
    open_panel(page)
    first = ask(page, JOBS_QUESTION)
    expect(first.locator(".askbio-retry")).to_be_enabled()
    second = ask(page, "how many companies")
    expect(first.locator(".askbio-retry")).to_be_disabled()
    expect(second.locator(".askbio-retry")).to_be_enabled()


def test_a_character_counter_near_the_limit(page: Page, live_server: str) -> None:
    page.route(
        "**/api/collection",
        lambda route: route.fulfill(status=200, json={"title": "T", "max_question_chars": 50}),
    )
    requests_sent: list[str] = []
    page.on("request", lambda r: requests_sent.append(r.url) if r.url.endswith("/api/chat") else None)
    load_and_open(page, live_server)
    box = page.locator(".askbio-input")
    counter = page.locator(".askbio-counter")
    box.fill("x" * 30)
    expect(counter).to_be_hidden()
    box.fill("x" * 45)
    expect(counter).to_have_text("45 / 50 characters")
    box.fill("x" * 52)
    expect(counter).to_have_class(re.compile(r"askbio-counter--over"))
    expect(box).to_have_attribute("aria-invalid", "true")
    box.press("Enter")
    expect(page.locator(".askbio-form-error")).to_have_text(
        "The question is too long: 52 characters, at most 50."
    )
    expect(box).to_have_value("x" * 52)
    assert requests_sent == []
    box.fill("how many jobs")
    expect(page.locator(".askbio-form-error")).to_have_text("")
    expect(counter).to_be_hidden()


@pytest.mark.parametrize(
    ("viewport", "scale"),
    [
        ({"width": 1000, "height": 500}, 1),
        ({"width": 640, "height": 400}, 2),
        ({"width": 360, "height": 740}, 1),
    ],
    ids=["short", "zoom200", "narrow"],
)
def test_the_panel_fills_a_short_or_narrow_viewport(
    browser: Browser, live_server: str, viewport, scale
) -> None:
    page, problems = _new_page(browser, viewport=viewport, device_scale_factor=scale)
    try:
        load_and_open(page, live_server)
        box = page.locator(".askbio-panel").bounding_box()
        assert box == {"x": 0, "y": 0, "width": viewport["width"], "height": viewport["height"]}
        expect(page.locator(".askbio-launcher")).to_be_hidden()
        reply = ask(page, JOBS_QUESTION)
        reply.locator(".askbio-chip").first.click()
        log_box = page.locator(".askbio-log").bounding_box()
        answer_box = reply.locator(".askbio-answer").bounding_box()
        assert log_box and answer_box and answer_box["y"] >= log_box["y"] - 1
        page.keyboard.press("Escape")
        expect(page.locator(".askbio-launcher")).to_be_focused()
        assert problems == []
    finally:
        page.context.close()


def test_the_demo_page_loads_nothing_from_elsewhere_and_logs_no_error(
    browser: Browser, live_server: str
) -> None:
    page, problems = _new_page(browser)
    errors: list[str] = []
    urls: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: urls.append(r.url))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto(live_server + "/")
        open_panel(page)
        ask(page, JOBS_QUESTION)
        page.wait_for_timeout(500)
        assert urls and all(u.startswith(live_server + "/") for u in urls), urls
        assert errors == [] and problems == []
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def other_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`askbio serve --corpus` over a small collection of its own."""
    from conftest import TINY, start_server, stop_server

    folder = tmp_path_factory.mktemp("other-corpus")
    for name, text in TINY.items():
        (folder / name).write_text(text, encoding="utf-8")
    process, base = start_server(
        "--corpus",
        str(folder),
        "--index-dir",
        str(tmp_path_factory.mktemp("other-index")),
        env={"ASKBIO_WORKERS": "1", "ASKBIO_RATE_LIMIT": "off"},
    )
    yield base
    stop_server(process)


def test_the_demo_page_follows_the_served_collection(page: Page, other_server: str) -> None:
    page.goto(other_server + "/")
    body = page.locator("main")
    expect(body).to_contain_text("Vaccines in Flanders")
    expect(body).not_to_contain_text("Wallonia")
    expect(body).not_to_contain_text("Health & Biotech Valley")
    expect(page.locator("pre")).to_contain_text(f'<script src="{other_server}/widget.js"')
    questions = page.locator(".demo-question")
    assert questions.count() >= 1
    open_panel(page)
    expect(page.locator(".askbio-suggestion")).to_have_text(questions.all_inner_texts())
    expect(page.locator(".askbio-greeting")).to_contain_text("about Other corpus")
    questions.first.click()
    expect(page.locator(BOT)).to_have_count(1)
    expect(page.locator(BOT)).not_to_have_class(re.compile(r"askbio-msg--abstained"))
