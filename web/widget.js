/*!
 * askbio chat widget: plain JavaScript, no build step, no external resources.
 *
 * Embed with one tag:
 *   <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
 *
 * data-api is the base URL of the askbio API; missing or empty means the origin
 * widget.js was loaded from. widget.css is loaded from the directory of widget.js
 * into the widget's shadow root, so page styles and widget styles do not mix.
 *
 * Everything is built with el() below, from elements and text nodes: no HTML string is
 * ever parsed, so text from the API can never become markup.
 */
(() => {
  "use strict";

  const HOST_ID = "askbio-widget";
  const MAX_HISTORY = 10;
  const TIMEOUT_MS = 30000;
  // The widget's own words: an API it cannot reach cannot send a message.
  const UNREACHABLE = "Can't reach the assistant right now. Please try again in a moment.";
  const SVG_NS = "http://www.w3.org/2000/svg";

  // Must be read synchronously: document.currentScript is null once the script has run.
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');

  if (document.getElementById(HOST_ID)) {
    return; // already embedded on this page
  }

  const scriptUrl = new URL(script?.src || window.location.href, window.location.href);
  const apiBase = resolveApiBase(script?.getAttribute("data-api"));
  const cssUrl = new URL("widget.css", scriptUrl);
  cssUrl.search = scriptUrl.search; // keep any cache-busting query of widget.js
  const title = script?.getAttribute("data-title") || "askbio";

  function resolveApiBase(attr) {
    const value = String(attr ?? "").trim();
    if (value === "") {
      return scriptUrl.origin;
    }
    try {
      return new URL(value, scriptUrl).href.replace(/\/+$/, "");
    } catch {
      return scriptUrl.origin;
    }
  }

  // ---------------------------------------------------------------- DOM helpers

  // el("p", {class: "x", onclick: fn}, "text", child): attributes, "on*" listeners, then
  // children (strings become text nodes; null and "" are skipped, for optional parts).
  function el(tag, attrs = {}, ...children) {
    // The launcher's icon is the only SVG: its two tags need the SVG namespace.
    const node =
      tag === "svg" || tag === "path"
        ? document.createElementNS(SVG_NS, tag)
        : document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value == null || value === false) {
        continue;
      }
      if (name.startsWith("on")) {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, value === true ? "" : value);
      }
    }
    node.append(...children.filter((child) => child != null && child !== ""));
    return node;
  }

  const srOnly = (text) => el("span", { class: "askbio-sr-only" }, text);

  let uid = 0;
  const nextId = (prefix) => `askbio-${prefix}-${++uid}`;

  function str(value) {
    return typeof value === "string" ? value : value == null ? "" : String(value);
  }

  // ----------------------------------------------------------- text rendering

  // `text` as children, its character ranges wrapped in <mark>. Ranges are [start, end)
  // offsets in Unicode code points (Python string indices), so the text is sliced as an
  // array of code points, not UTF-16 units.
  function highlighted(text, ranges) {
    const chars = Array.from(text);
    const parts = [];
    let pos = 0;
    for (const [start, end] of normaliseRanges(ranges, chars.length)) {
      parts.push(chars.slice(pos, start).join(""));
      parts.push(el("mark", { class: "askbio-mark" }, chars.slice(start, end).join("")));
      pos = end;
    }
    parts.push(chars.slice(pos).join(""));
    return parts;
  }

  function normaliseRanges(ranges, length) {
    if (!Array.isArray(ranges)) {
      return [];
    }
    const clamp = (value) => Math.max(0, Math.min(length, Math.floor(Number(value))));
    const clean = ranges
      .filter((r) => Array.isArray(r) && r.length >= 2)
      .map((r) => [clamp(r[0]), clamp(r[1])])
      .filter(([start, end]) => Number.isFinite(start) && Number.isFinite(end) && end > start)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged = [];
    for (const [start, end] of clean) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) {
        last[1] = Math.max(last[1], end);
      } else {
        merged.push([start, end]);
      }
    }
    return merged;
  }

  // The answer as children, with its short span (if present in it) emphasised.
  function answerParts(answer, span) {
    const at = typeof span === "string" && span.trim() !== "" ? answer.indexOf(span) : -1;
    if (at < 0) {
      return [answer];
    }
    return [
      answer.slice(0, at),
      el("strong", { class: "askbio-answer-span" }, span),
      answer.slice(at + span.length),
    ];
  }

  function safeHttpUrl(url) {
    if (typeof url !== "string" || url.trim() === "") {
      return null;
    }
    try {
      const { protocol, href } = new URL(url, `${apiBase}/`);
      return protocol === "http:" || protocol === "https:" ? href : null;
    } catch {
      return null;
    }
  }

  // ---------------------------------------------------------- the static shell

  // The launcher, the dialog with its header, log and form: everything but the messages.
  function buildShell() {
    const panelId = nextId("panel");
    const inputId = nextId("input");
    const titleId = nextId("title");

    const host = el("div", { id: HOST_ID });
    // Hidden until widget.css has loaded, so the unstyled widget never flashes.
    const root = el("div", { class: "askbio-root", hidden: true });
    const reveal = () => {
      root.hidden = false;
    };

    const launcher = el(
      "button",
      { class: "askbio-launcher", type: "button", "aria-expanded": "false", "aria-controls": panelId },
      el(
        "svg",
        {
          viewBox: "0 0 24 24",
          width: "22",
          height: "22",
          "aria-hidden": "true",
          focusable: "false",
          class: "askbio-icon",
        },
        el("path", {
          d: "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
        })
      ),
      el("span", { class: "askbio-launcher-label" }, `Ask ${title}`)
    );

    const closeBtn = el(
      "button",
      { class: "askbio-close", type: "button", "aria-label": "Close chat" },
      el("span", { "aria-hidden": "true" }, "\u00d7")
    );

    const log = el(
      "div",
      { class: "askbio-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" },
      el(
        "div",
        { class: "askbio-msg askbio-msg--intro" },
        el(
          "p",
          { class: "askbio-bubble" },
          "Hi! Ask me a question about the documents. Every answer shows the passages it comes from."
        )
      )
    );

    const input = el("input", {
      class: "askbio-input",
      id: inputId,
      type: "text",
      autocomplete: "off",
      enterkeyhint: "send",
      placeholder: "Ask a question\u2026",
    });
    const sendBtn = el("button", { class: "askbio-send", type: "submit" }, "Send");
    const form = el(
      "form",
      { class: "askbio-form", novalidate: true },
      el("label", { class: "askbio-sr-only", for: inputId }, "Your question"),
      input,
      sendBtn
    );

    const panel = el(
      "div",
      {
        class: "askbio-panel",
        id: panelId,
        role: "dialog",
        "aria-label": "askbio chat",
        "aria-modal": "false",
        hidden: true,
      },
      el(
        "div",
        { class: "askbio-header" },
        el(
          "div",
          { class: "askbio-heading" },
          el("h2", { class: "askbio-title", id: titleId }, title),
          el("p", { class: "askbio-subtitle" }, "Answers quoted from the documents")
        ),
        closeBtn
      ),
      log,
      form
    );

    // The launcher comes first: it is the disclosure button of the panel after it, so the
    // Tab order is launcher, close, conversation, sources, question, Send.
    root.append(launcher, panel);
    host.attachShadow({ mode: "open" }).append(
      // An error still reveals the widget: unstyled but usable.
      el("link", { rel: "stylesheet", href: cssUrl.href, onload: reveal, onerror: reveal }),
      root
    );
    return { host, root, launcher, panel, closeBtn, log, form, input, sendBtn };
  }

  const { host, root, launcher, panel, closeBtn, log, form, input, sendBtn } = buildShell();

  // ------------------------------------------------------------ open / close

  const isOpen = () => !panel.hidden;

  function open() {
    panel.hidden = false;
    root.classList.add("askbio-root--open");
    launcher.setAttribute("aria-expanded", "true");
    scrollToBottom();
    input.focus();
  }

  function close(returnFocus = true) {
    panel.hidden = true;
    root.classList.remove("askbio-root--open");
    launcher.setAttribute("aria-expanded", "false");
    if (returnFocus) {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", () => (isOpen() ? close() : open()));
  closeBtn.addEventListener("click", () => close());
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  // --------------------------------------------------------------- messages

  function scrollToBottom() {
    log.scrollTop = log.scrollHeight;
  }

  function scrollToMessage(node) {
    // Show the question and the start of a (possibly long) answer rather than its end.
    const top = node.offsetTop - log.offsetTop - 8;
    log.scrollTop = Math.max(0, Math.min(top, log.scrollHeight));
  }

  // Scrolls the conversation (only) so that `node` is visible.
  function revealInLog(node) {
    const logBox = log.getBoundingClientRect();
    const box = node.getBoundingClientRect();
    if (box.top < logBox.top + 8 || box.bottom > logBox.bottom - 8) {
      // Out of view: bring it to about a third of the way down.
      log.scrollTop += box.top - logBox.top - logBox.height / 3;
    }
  }

  function addMessage(node) {
    log.append(node);
    return node;
  }

  const userMessage = (question) =>
    el(
      "div",
      { class: "askbio-msg askbio-msg--user" },
      srOnly("You: "),
      el("p", { class: "askbio-bubble" }, question)
    );

  const typingIndicator = () =>
    el(
      "div",
      { class: "askbio-msg askbio-msg--typing" },
      el(
        "div",
        { class: "askbio-bubble askbio-typing" },
        ...Array.from({ length: 3 }, () => el("span", { class: "askbio-dot", "aria-hidden": "true" })),
        srOnly("Looking for an answer\u2026")
      )
    );

  function botMessage(data) {
    const abstained = data.abstained === true;
    const answer = str(data.answer);
    const hasConfidence = typeof data.confidence === "number" && Number.isFinite(data.confidence);
    const citations = (Array.isArray(data.citations) ? data.citations : []).filter(
      (c) => c && typeof c === "object"
    );
    // A follow-up completed from the conversation says which question it answers, as text.
    const resolved = str(data.resolved_question).trim();
    const understood = resolved ? el("p", { class: "askbio-resolved" }, "Answering: ", resolved) : null;
    let bubble;
    if (abstained) {
      bubble = el(
        "div",
        { class: "askbio-bubble" },
        understood,
        el(
          "p",
          { class: "askbio-badge" },
          el("span", { class: "askbio-badge-icon", "aria-hidden": "true" }, "?"),
          "Not found in the documents"
        ),
        // The refusal's wording is the API's, so there is one copy of it: ABSTAIN_MESSAGE.
        el("p", { class: "askbio-answer" }, answer),
        // A near miss quotes what the documents say nearest to the question, cited.
        citations.length ? sources(citations) : null
      );
    } else {
      bubble = el(
        "div",
        { class: "askbio-bubble" },
        understood,
        el("p", { class: "askbio-answer" }, ...answerParts(answer, data.answer_span)),
        citations.length ? sources(citations) : null
      );
    }
    return el(
      "div",
      {
        class: `askbio-msg askbio-msg--bot${abstained ? " askbio-msg--abstained" : ""}`,
        "data-confidence": hasConfidence ? String(data.confidence) : null,
      },
      srOnly("askbio: "),
      bubble
    );
  }

  function sources(citations) {
    const labelId = nextId("sources");
    const chips = el(
      "div",
      { class: "askbio-chips", role: "group", "aria-labelledby": labelId },
      el("span", { class: "askbio-chips-label", id: labelId }, "Sources")
    );
    const passages = el("div", { class: "askbio-passages" });

    citations.forEach((c, i) => {
      const n = i + 1;
      const docTitle = str(c.title) || str(c.doc_id) || `Source ${n}`;
      const passageId = nextId("passage");
      const href = safeHttpUrl(c.url);

      const passage = el(
        "div",
        { class: "askbio-passage", id: passageId, hidden: true },
        el(
          "p",
          { class: "askbio-passage-title" },
          el("span", { class: "askbio-passage-num" }, `[${n}] `),
          el("cite", {}, docTitle)
        ),
        str(c.publisher) ? el("p", { class: "askbio-passage-publisher" }, str(c.publisher)) : null,
        el("blockquote", { class: "askbio-passage-text" }, ...highlighted(str(c.text), c.highlights)),
        href
          ? el(
              "a",
              { class: "askbio-source-link", href, target: "_blank", rel: "noopener noreferrer" },
              "Open source",
              srOnly(" (opens in a new tab)")
            )
          : null
      );

      const chip = el(
        "button",
        {
          class: "askbio-chip",
          type: "button",
          "aria-expanded": "false",
          "aria-controls": passageId,
          "data-index": String(n),
          title: docTitle,
          onclick: () => {
            const expanded = chip.getAttribute("aria-expanded") === "true";
            chip.setAttribute("aria-expanded", String(!expanded));
            passage.hidden = expanded;
            if (!expanded) {
              revealInLog(passage.querySelector("mark") || passage);
            }
          },
        },
        el("span", { class: "askbio-chip-num" }, `[${n}]`),
        srOnly(` ${docTitle}`)
      );

      chips.append(chip);
      passages.append(passage);
    });

    return el("div", { class: "askbio-sources" }, chips, passages);
  }

  function errorMessage(text, retry) {
    const msg = el("div", { class: "askbio-msg askbio-msg--error" });
    msg.append(
      el(
        "div",
        { class: "askbio-bubble" },
        el(
          "p",
          { class: "askbio-error-text" },
          el("span", { class: "askbio-badge-icon", "aria-hidden": "true" }, "!"),
          text
        ),
        retry ? el("button", { class: "askbio-retry", type: "button", onclick: () => retry(msg) }, "Retry") : null
      )
    );
    return msg;
  }

  // ------------------------------------------------------------ conversation

  const history = []; // [{question, answer}], oldest first
  let pending = false;

  function ask(question) {
    question = str(question).trim();
    if (question === "" || pending) {
      return false;
    }
    send(question, addMessage(userMessage(question)));
    return true;
  }

  // Sends a question; its answer is scrolled into view together with `questionNode`.
  async function send(question, questionNode) {
    pending = true;
    log.setAttribute("aria-busy", "true");
    sendBtn.setAttribute("aria-disabled", "true");
    const typing = addMessage(typingIndicator());
    scrollToBottom();

    const result = await request({ question, history: history.slice(-MAX_HISTORY) });

    finish(typing);
    if (result.ok) {
      history.push({ question, answer: str(result.data.answer) });
      if (history.length > MAX_HISTORY) {
        history.shift();
      }
      const answerNode = addMessage(botMessage(result.data));
      scrollToMessage(questionNode.isConnected ? questionNode : answerNode);
      return;
    }
    const retry = result.retry
      ? (errorNode) => {
          if (pending) {
            return;
          }
          errorNode.remove();
          input.focus();
          send(question, questionNode);
        }
      : null;
    addMessage(errorMessage(result.message, retry));
    scrollToBottom();
  }

  function finish(typing) {
    pending = false;
    typing.remove();
    log.removeAttribute("aria-busy");
    sendBtn.removeAttribute("aria-disabled");
  }

  // Resolves (never rejects) to {ok: true, data} or {ok: false, message, retry}.
  async function request(payload) {
    const unreachable = { ok: false, message: UNREACHABLE, retry: true };
    const controller = new AbortController();
    // The abort also covers reading the body, so a stalled response ends too.
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(`${apiBase}/api/chat`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
        credentials: "omit",
        signal: controller.signal,
      });
      const data = await res.json().catch(() => null);
      if (res.status >= 500) {
        return unreachable;
      }
      if (!res.ok) {
        const message = data?.error?.message;
        return {
          ok: false,
          message:
            typeof message === "string" && message.trim() !== ""
              ? message
              : `Something went wrong (HTTP ${res.status}).`,
          retry: res.status === 429,
        };
      }
      if (typeof data?.answer !== "string") {
        return unreachable;
      }
      return { ok: true, data };
    } catch {
      return unreachable;
    } finally {
      clearTimeout(timer);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pending) {
      return;
    }
    if (ask(input.value)) {
      input.value = "";
    }
    input.focus();
  });

  // ------------------------------------------------------------------ mount

  const mount = () => document.body.append(host);
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }

  // A small handle for tests and for pages that want to open the chat themselves.
  window.askbioWidget = {
    open,
    close: () => close(false),
    ask: (question) => {
      if (!isOpen()) {
        open();
      }
      return ask(question);
    },
    history: () => history.map(({ question, answer }) => ({ question, answer })),
    apiBase,
  };
})();
