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
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"

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
    assert visited == ["askbio-chip"] * n_chips + ["askbio-log", "askbio-close", "askbio-new", "askbio-launcher"]
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
    reply, data = ask_for_json(page, ABSTAIN_QUESTION)  # a plain refusal cites nothing
    assert not data["citations"]
    expect(reply.locator(".askbio-sources")).to_have_count(0)
