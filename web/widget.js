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
 * Everything is built with createElement/textContent: no HTML string is ever parsed.
 */
(function () {
  "use strict";

  var HOST_ID = "askbio-widget";
  var MAX_HISTORY = 10;
  var TIMEOUT_MS = 30000;
  var UNREACHABLE = "Can't reach the assistant right now. Please try again in a moment.";

  // Must be read synchronously: document.currentScript is null once the script has run.
  var script =
    document.currentScript || document.querySelector('script[src*="widget.js"]');

  if (document.getElementById(HOST_ID)) {
    return; // already embedded on this page
  }

  var scriptUrl = new URL(
    script && script.src ? script.src : window.location.href,
    window.location.href
  );
  var apiBase = resolveApiBase(script ? script.getAttribute("data-api") : null);
  var cssUrl = new URL("widget.css", scriptUrl);
  cssUrl.search = scriptUrl.search; // keep any cache-busting query of widget.js
  var title = (script && script.getAttribute("data-title")) || "askbio";

  function resolveApiBase(attr) {
    var value = attr == null ? "" : String(attr).trim();
    if (value === "") {
      return scriptUrl.origin;
    }
    try {
      return new URL(value, scriptUrl).href.replace(/\/+$/, "");
    } catch (e) {
      return scriptUrl.origin;
    }
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text != null) {
      node.textContent = String(text);
    }
    return node;
  }

  function attrs(node, map) {
    Object.keys(map).forEach(function (name) {
      node.setAttribute(name, map[name]);
    });
    return node;
  }

  function srOnly(text) {
    return el("span", "askbio-sr-only", text);
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function chatIcon() {
    var svg = document.createElementNS(SVG_NS, "svg");
    attrs(svg, {
      viewBox: "0 0 24 24",
      width: "22",
      height: "22",
      "aria-hidden": "true",
      focusable: "false",
      class: "askbio-icon"
    });
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute(
      "d",
      "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"
    );
    svg.appendChild(path);
    return svg;
  }

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return "askbio-" + prefix + "-" + uid;
  }

  // ----------------------------------------------------------- text rendering

  // Appends `text` to `parent`, wrapping the character ranges in <mark>. Ranges are
  // [start, end) offsets in Unicode code points (Python string indices), so the text
  // is sliced as an array of code points, not UTF-16 units.
  function appendHighlighted(parent, text, ranges) {
    var chars = Array.from(text);
    var spans = normaliseRanges(ranges, chars.length);
    var pos = 0;
    spans.forEach(function (r) {
      if (r[0] > pos) {
        parent.appendChild(document.createTextNode(chars.slice(pos, r[0]).join("")));
      }
      parent.appendChild(el("mark", "askbio-mark", chars.slice(r[0], r[1]).join("")));
      pos = r[1];
    });
    if (pos < chars.length) {
      parent.appendChild(document.createTextNode(chars.slice(pos).join("")));
    }
  }

  function normaliseRanges(ranges, length) {
    if (!Array.isArray(ranges)) {
      return [];
    }
    var clean = [];
    ranges.forEach(function (r) {
      if (!Array.isArray(r) || r.length < 2) {
        return;
      }
      var start = Math.max(0, Math.min(length, Math.floor(Number(r[0]))));
      var end = Math.max(0, Math.min(length, Math.floor(Number(r[1]))));
      if (isFinite(start) && isFinite(end) && end > start) {
        clean.push([start, end]);
      }
    });
    clean.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1];
    });
    var merged = [];
    clean.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.push([r[0], r[1]]);
      }
    });
    return merged;
  }

  // The answer, with its short span (if present in it) emphasised.
  function appendAnswer(parent, answer, span) {
    var at = typeof span === "string" && span.trim() !== "" ? answer.indexOf(span) : -1;
    if (at < 0) {
      parent.appendChild(document.createTextNode(answer));
      return;
    }
    if (at > 0) {
      parent.appendChild(document.createTextNode(answer.slice(0, at)));
    }
    parent.appendChild(el("strong", "askbio-answer-span", span));
    if (at + span.length < answer.length) {
      parent.appendChild(document.createTextNode(answer.slice(at + span.length)));
    }
  }

  function safeHttpUrl(url) {
    if (typeof url !== "string" || url.trim() === "") {
      return null;
    }
    try {
      var parsed = new URL(url, apiBase + "/");
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function str(value) {
    return typeof value === "string" ? value : value == null ? "" : String(value);
  }

  // ---------------------------------------------------------------- the widget

  var host = el("div");
  host.id = HOST_ID;
  var shadow = host.attachShadow({ mode: "open" });

  var stylesheet = attrs(el("link"), { rel: "stylesheet", href: cssUrl.href });
  shadow.appendChild(stylesheet);

  // Hidden until widget.css has loaded, so the unstyled widget never flashes.
  var root = el("div", "askbio-root");
  root.hidden = true;
  shadow.appendChild(root);
  function reveal() {
    root.hidden = false;
  }
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal); // unstyled but still usable

  var panelId = nextId("panel");
  var inputId = nextId("input");
  var titleId = nextId("title");

  var launcher = attrs(el("button", "askbio-launcher"), {
    type: "button",
    "aria-expanded": "false",
    "aria-controls": panelId
  });
  launcher.appendChild(chatIcon());
  launcher.appendChild(el("span", "askbio-launcher-label", "Ask " + title));

  var panel = attrs(el("div", "askbio-panel"), {
    id: panelId,
    role: "dialog",
    "aria-label": "askbio chat",
    "aria-modal": "false"
  });
  panel.hidden = true;

  var header = el("div", "askbio-header");
  var heading = el("div", "askbio-heading");
  var titleEl = el("h2", "askbio-title", title);
  titleEl.id = titleId;
  heading.appendChild(titleEl);
  heading.appendChild(el("p", "askbio-subtitle", "Answers quoted from the documents"));
  var closeBtn = attrs(el("button", "askbio-close"), {
    type: "button",
    "aria-label": "Close chat"
  });
  closeBtn.appendChild(attrs(el("span", null, "\u00d7"), { "aria-hidden": "true" }));
  header.appendChild(heading);
  header.appendChild(closeBtn);

  var log = attrs(el("div", "askbio-log"), {
    role: "log",
    "aria-live": "polite",
    "aria-label": "Conversation",
    tabindex: "0"
  });
  var intro = el("div", "askbio-msg askbio-msg--intro");
  intro.appendChild(
    el(
      "p",
      "askbio-bubble",
      "Hi! Ask me a question about the documents. Every answer shows the passages it comes from."
    )
  );
  log.appendChild(intro);

  var form = attrs(el("form", "askbio-form"), { novalidate: "" });
  var label = el("label", "askbio-sr-only", "Your question");
  label.htmlFor = inputId;
  var input = attrs(el("input", "askbio-input"), {
    id: inputId,
    type: "text",
    autocomplete: "off",
    enterkeyhint: "send",
    placeholder: "Ask a question\u2026"
  });
  var sendBtn = attrs(el("button", "askbio-send", "Send"), { type: "submit" });
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendBtn);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);
  // The launcher comes first: it is the disclosure button of the panel after it, so the
  // Tab order is launcher, close, conversation, sources, question, Send.
  root.appendChild(launcher);
  root.appendChild(panel);

  // ------------------------------------------------------------ open / close

  function isOpen() {
    return !panel.hidden;
  }

  function open() {
    panel.hidden = false;
    root.classList.add("askbio-root--open");
    launcher.setAttribute("aria-expanded", "true");
    scrollToBottom();
    input.focus();
  }

  function close(returnFocus) {
    panel.hidden = true;
    root.classList.remove("askbio-root--open");
    launcher.setAttribute("aria-expanded", "false");
    if (returnFocus !== false) {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () {
    if (isOpen()) {
      close();
    } else {
      open();
    }
  });
  closeBtn.addEventListener("click", function () {
    close();
  });
  root.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && isOpen()) {
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
    var top = node.offsetTop - log.offsetTop - 8;
    log.scrollTop = Math.max(0, Math.min(top, log.scrollHeight));
  }

  // Scrolls the conversation (only) so that `node` is visible.
  function revealInLog(node) {
    var logBox = log.getBoundingClientRect();
    var box = node.getBoundingClientRect();
    if (box.top < logBox.top + 8 || box.bottom > logBox.bottom - 8) {
      // Out of view: bring it to about a third of the way down.
      log.scrollTop += box.top - logBox.top - logBox.height / 3;
    }
  }

  function addMessage(node) {
    log.appendChild(node);
    return node;
  }

  function userMessage(question) {
    var msg = el("div", "askbio-msg askbio-msg--user");
    msg.appendChild(srOnly("You: "));
    msg.appendChild(el("p", "askbio-bubble", question));
    return msg;
  }

  function typingIndicator() {
    var msg = el("div", "askbio-msg askbio-msg--typing");
    var typing = el("div", "askbio-bubble askbio-typing");
    for (var i = 0; i < 3; i += 1) {
      typing.appendChild(attrs(el("span", "askbio-dot"), { "aria-hidden": "true" }));
    }
    typing.appendChild(srOnly("Looking for an answer\u2026"));
    msg.appendChild(typing);
    return msg;
  }

  function botMessage(data) {
    var abstained = data.abstained === true;
    var msg = el("div", "askbio-msg askbio-msg--bot" + (abstained ? " askbio-msg--abstained" : ""));
    if (typeof data.confidence === "number" && isFinite(data.confidence)) {
      msg.setAttribute("data-confidence", String(data.confidence));
    }
    var bubble = el("div", "askbio-bubble");
    msg.appendChild(srOnly("askbio: "));

    var answer = str(data.answer);
    if (abstained) {
      var badge = el("p", "askbio-badge");
      badge.appendChild(attrs(el("span", "askbio-badge-icon", "?"), { "aria-hidden": "true" }));
      badge.appendChild(document.createTextNode("Not found in the documents"));
      bubble.appendChild(badge);
      bubble.appendChild(el("p", "askbio-answer", answer || "I couldn't find that in the documents."));
      msg.appendChild(bubble);
      return msg;
    }

    var answerEl = el("p", "askbio-answer");
    appendAnswer(answerEl, answer, data.answer_span);
    bubble.appendChild(answerEl);

    var citations = Array.isArray(data.citations) ? data.citations : [];
    citations = citations.filter(function (c) {
      return c && typeof c === "object";
    });
    if (citations.length) {
      bubble.appendChild(sources(citations));
    }
    msg.appendChild(bubble);
    return msg;
  }

  function sources(citations) {
    var box = el("div", "askbio-sources");
    var chips = el("div", "askbio-chips");
    var chipsLabelId = nextId("sources");
    var chipsLabel = el("span", "askbio-chips-label", "Sources");
    chipsLabel.id = chipsLabelId;
    chips.appendChild(chipsLabel);
    attrs(chips, { role: "group", "aria-labelledby": chipsLabelId });
    var passages = el("div", "askbio-passages");

    citations.forEach(function (c, i) {
      var n = i + 1;
      var docTitle = str(c.title) || str(c.doc_id) || "Source " + n;
      var passageId = nextId("passage");

      var chip = attrs(el("button", "askbio-chip"), {
        type: "button",
        "aria-expanded": "false",
        "aria-controls": passageId,
        "data-index": String(n)
      });
      chip.appendChild(el("span", "askbio-chip-num", "[" + n + "]"));
      chip.appendChild(srOnly(" " + docTitle));
      chip.title = docTitle;
      chips.appendChild(chip);

      var passage = el("div", "askbio-passage");
      passage.id = passageId;
      passage.hidden = true;
      var head = el("p", "askbio-passage-title");
      head.appendChild(el("span", "askbio-passage-num", "[" + n + "] "));
      head.appendChild(el("cite", null, docTitle));
      passage.appendChild(head);
      if (str(c.publisher)) {
        passage.appendChild(el("p", "askbio-passage-publisher", str(c.publisher)));
      }
      var quote = el("blockquote", "askbio-passage-text");
      appendHighlighted(quote, str(c.text), c.highlights);
      passage.appendChild(quote);
      var href = safeHttpUrl(c.url);
      if (href) {
        var link = attrs(el("a", "askbio-source-link", "Open source"), {
          href: href,
          target: "_blank",
          rel: "noopener noreferrer"
        });
        link.appendChild(srOnly(" (opens in a new tab)"));
        passage.appendChild(link);
      }
      passages.appendChild(passage);

      chip.addEventListener("click", function () {
        var expanded = chip.getAttribute("aria-expanded") === "true";
        chip.setAttribute("aria-expanded", expanded ? "false" : "true");
        passage.hidden = expanded;
        if (!expanded) {
          revealInLog(passage.querySelector("mark") || passage);
        }
      });
    });

    box.appendChild(chips);
    box.appendChild(passages);
    return box;
  }

  function errorMessage(text, retry) {
    var msg = el("div", "askbio-msg askbio-msg--error");
    var bubble = el("div", "askbio-bubble");
    var p = el("p", "askbio-error-text");
    p.appendChild(attrs(el("span", "askbio-badge-icon", "!"), { "aria-hidden": "true" }));
    p.appendChild(document.createTextNode(text));
    bubble.appendChild(p);
    if (retry) {
      var btn = attrs(el("button", "askbio-retry", "Retry"), { type: "button" });
      btn.addEventListener("click", function () {
        retry(msg);
      });
      bubble.appendChild(btn);
    }
    msg.appendChild(bubble);
    return msg;
  }

  // ------------------------------------------------------------ conversation

  var history = []; // [{question, answer}], oldest first
  var pending = false;

  function ask(question) {
    question = str(question).trim();
    if (question === "" || pending) {
      return false;
    }
    send(question, addMessage(userMessage(question)));
    return true;
  }

  // Sends a question; its answer is scrolled into view together with `questionNode`.
  function send(question, questionNode) {
    pending = true;
    log.setAttribute("aria-busy", "true");
    sendBtn.setAttribute("aria-disabled", "true");
    var typing = addMessage(typingIndicator());
    scrollToBottom();

    var body = JSON.stringify({
      question: question,
      history: history.slice(-MAX_HISTORY)
    });

    request(body).then(
      function (result) {
        finish(typing);
        if (result.ok) {
          history.push({ question: question, answer: str(result.data.answer) });
          if (history.length > MAX_HISTORY) {
            history = history.slice(-MAX_HISTORY);
          }
          var answerNode = addMessage(botMessage(result.data));
          scrollToMessage(questionNode && questionNode.parentNode ? questionNode : answerNode);
        } else {
          var retry = result.retry
            ? function (errorNode) {
                if (pending) {
                  return;
                }
                errorNode.parentNode.removeChild(errorNode);
                input.focus();
                send(question, questionNode);
              }
            : null;
          addMessage(errorMessage(result.message, retry));
          scrollToBottom();
        }
      }
    );
  }

  function finish(typing) {
    pending = false;
    if (typing.parentNode) {
      typing.parentNode.removeChild(typing);
    }
    log.removeAttribute("aria-busy");
    sendBtn.removeAttribute("aria-disabled");
  }

  // Resolves (never rejects) to {ok: true, data} or {ok: false, message, retry}.
  function request(body) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () {
          controller.abort();
        }, TIMEOUT_MS)
      : null;
    var unreachable = { ok: false, message: UNREACHABLE, retry: true };

    return fetch(apiBase + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: body,
      credentials: "omit",
      signal: controller ? controller.signal : undefined
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            if (res.status >= 500) {
              return unreachable;
            }
            if (!res.ok) {
              var err = data && data.error && typeof data.error === "object" ? data.error : {};
              var message =
                typeof err.message === "string" && err.message.trim() !== ""
                  ? err.message
                  : "Something went wrong (HTTP " + res.status + ").";
              return { ok: false, message: message, retry: res.status === 429 };
            }
            if (!data || typeof data !== "object" || typeof data.answer !== "string") {
              return unreachable;
            }
            return { ok: true, data: data };
          });
      })
      .catch(function () {
        return unreachable;
      })
      .then(function (result) {
        if (timer) {
          clearTimeout(timer);
        }
        return result;
      });
  }

  form.addEventListener("submit", function (event) {
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

  function mount() {
    document.body.appendChild(host);
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }

  // A small handle for tests and for pages that want to open the chat themselves.
  window.askbioWidget = {
    open: open,
    close: function () {
      close(false);
    },
    ask: function (question) {
      if (!isOpen()) {
        open();
      }
      return ask(question);
    },
    history: function () {
      return history.map(function (turn) {
        return { question: turn.question, answer: turn.answer };
      });
    },
    apiBase: apiBase
  };
})();
