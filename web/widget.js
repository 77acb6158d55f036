/*!
 * askbio chat widget: plain JavaScript, no build step, no external resources.
 *
 * Embed with one tag:
 *   <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
 *
 * Options, all optional (README, "The widget's options"):
 *   data-api       base URL of the askbio API; missing or empty: the origin widget.js came from
 *   data-title     the name on the launcher and the panel's heading (default "askbio")
 *   data-greeting  the first message (default: names the collection the API serves)
 *   data-accent    the accent colour (any CSS colour); --askbio-* properties set on the
 *                  #askbio-widget element theme the rest
 *   data-position  "right" (default) or "left"
 *   data-lang      language of the widget's own words: en, fr, nl, de (default: the page's lang)
 *   data-theme     "light" or "dark" to fix the palette (default: the visitor's preference)
 *
 * widget.css is loaded from the directory of widget.js into the widget's shadow root, so page
 * styles and widget styles do not mix. Everything is built with el() below, from elements and
 * text nodes: no HTML string is ever parsed, so text from the API can never become markup.
 */
(() => {
  "use strict";

  const HOST_ID = "askbio-widget";
  const MAX_HISTORY = 10; // turns sent as history
  const TIMEOUT_MS = 30000;
  const SLOW_MS = 4000; // "Still searching..." and Cancel after this long
  const COUNTER_FROM = 0.8; // the character counter shows from this share of the limit
  const DEFAULT_MAX_CHARS = 1000;
  const KEPT_TURNS = 20; // turns kept for reloads and other pages of the site
  const KEPT_CHARS = 250000; // and at most this much JSON of them (sessionStorage holds ~5 MB)
  const SVG_NS = "http://www.w3.org/2000/svg";

  // The widget's own words. {name} is filled in; the API's text is never translated here.
  const STRINGS = {
    en: {
      launcher: "Ask {title}",
      close: "Close chat",
      newConversation: "New conversation",
      subtitle: "Answers quoted from the documents",
      greeting: "Hi! Ask me a question about {collection}. Every answer shows the passages it comes from.",
      greetingPlain: "Hi! Ask me a question about the documents. Every answer shows the passages it comes from.",
      suggestions: "Try asking",
      conversation: "Conversation",
      question: "Your question",
      placeholder: "Ask a question\u2026",
      send: "Send",
      you: "You: ",
      bot: "{title}: ",
      looking: "Looking for an answer\u2026",
      still: "Still searching\u2026",
      cancel: "Cancel",
      cancelled: "Stopped. Your question is back in the box.",
      notFound: "Not found in the documents",
      answering: "Answering: ",
      sources: "Sources",
      source: "Source {n}: {title}",
      openSource: "Open the document at this passage",
      page: "page {n}",
      newTab: " (opens in a new tab)",
      unreachable: "Can't reach the assistant right now. Please try again in a moment.",
      refused: "This site is not allowed to use the assistant, so it cannot answer here. The site's owner can allow it.",
      timeout: "The assistant took too long to answer. Please try again.",
      rateLimited: "Too many questions in a short time.",
      wait: "You can ask again in {n} s.",
      ready: "You can ask again now.",
      httpError: "Something went wrong (HTTP {status}).",
      retry: "Retry",
      counter: "{n} / {max} characters",
      tooLong: "The question is too long: {n} characters, at most {max}.",
    },
    fr: {
      launcher: "Demander à {title}",
      close: "Fermer la discussion",
      newConversation: "Nouvelle conversation",
      subtitle: "Réponses citées des documents",
      greeting: "Bonjour ! Posez-moi une question sur {collection}. Chaque réponse montre les passages d'où elle vient.",
      greetingPlain: "Bonjour ! Posez-moi une question sur les documents. Chaque réponse montre les passages d'où elle vient.",
      suggestions: "Essayez",
      conversation: "Conversation",
      question: "Votre question",
      placeholder: "Posez une question\u2026",
      send: "Envoyer",
      you: "Vous : ",
      bot: "{title} : ",
      looking: "Recherche d'une réponse\u2026",
      still: "Recherche en cours\u2026",
      cancel: "Annuler",
      cancelled: "Arrêté. Votre question est de retour dans le champ.",
      notFound: "Introuvable dans les documents",
      answering: "Réponse à : ",
      sources: "Sources",
      source: "Source {n} : {title}",
      openSource: "Ouvrir le document à ce passage",
      page: "page {n}",
      newTab: " (s'ouvre dans un nouvel onglet)",
      unreachable: "L'assistant est injoignable pour le moment. Réessayez dans un instant.",
      refused: "Ce site n'est pas autorisé à utiliser l'assistant, qui ne peut donc pas répondre ici. Le propriétaire du site peut l'autoriser.",
      timeout: "L'assistant a mis trop de temps à répondre. Réessayez.",
      rateLimited: "Trop de questions en peu de temps.",
      wait: "Vous pourrez reposer une question dans {n} s.",
      ready: "Vous pouvez reposer une question.",
      httpError: "Une erreur s'est produite (HTTP {status}).",
      retry: "Réessayer",
      counter: "{n} / {max} caractères",
      tooLong: "La question est trop longue : {n} caractères, {max} au plus.",
    },
    nl: {
      launcher: "Vraag het {title}",
      close: "Chat sluiten",
      newConversation: "Nieuw gesprek",
      subtitle: "Antwoorden geciteerd uit de documenten",
      greeting: "Hallo! Stel me een vraag over {collection}. Bij elk antwoord staan de passages waar het uit komt.",
      greetingPlain: "Hallo! Stel me een vraag over de documenten. Bij elk antwoord staan de passages waar het uit komt.",
      suggestions: "Probeer eens",
      conversation: "Gesprek",
      question: "Uw vraag",
      placeholder: "Stel een vraag\u2026",
      send: "Verzenden",
      you: "U: ",
      bot: "{title}: ",
      looking: "Op zoek naar een antwoord\u2026",
      still: "Nog aan het zoeken\u2026",
      cancel: "Annuleren",
      cancelled: "Gestopt. Uw vraag staat weer in het invoerveld.",
      notFound: "Niet gevonden in de documenten",
      answering: "Antwoord op: ",
      sources: "Bronnen",
      source: "Bron {n}: {title}",
      openSource: "Het document openen bij deze passage",
      page: "pagina {n}",
      newTab: " (opent in een nieuw tabblad)",
      unreachable: "De assistent is nu niet bereikbaar. Probeer het zo opnieuw.",
      refused: "Deze site mag de assistent niet gebruiken, dus hij kan hier niet antwoorden. De eigenaar van de site kan dat toestaan.",
      timeout: "De assistent deed er te lang over. Probeer het opnieuw.",
      rateLimited: "Te veel vragen in korte tijd.",
      wait: "U kunt over {n} s opnieuw iets vragen.",
      ready: "U kunt nu opnieuw iets vragen.",
      httpError: "Er ging iets mis (HTTP {status}).",
      retry: "Opnieuw",
      counter: "{n} / {max} tekens",
      tooLong: "De vraag is te lang: {n} tekens, hoogstens {max}.",
    },
    de: {
      launcher: "{title} fragen",
      close: "Chat schließen",
      newConversation: "Neues Gespräch",
      subtitle: "Antworten aus den Dokumenten zitiert",
      greeting: "Hallo! Stellen Sie mir eine Frage zu {collection}. Jede Antwort zeigt die Passagen, aus denen sie stammt.",
      greetingPlain: "Hallo! Stellen Sie mir eine Frage zu den Dokumenten. Jede Antwort zeigt die Passagen, aus denen sie stammt.",
      suggestions: "Zum Beispiel",
      conversation: "Gespräch",
      question: "Ihre Frage",
      placeholder: "Stellen Sie eine Frage\u2026",
      send: "Senden",
      you: "Sie: ",
      bot: "{title}: ",
      looking: "Suche nach einer Antwort\u2026",
      still: "Suche läuft noch\u2026",
      cancel: "Abbrechen",
      cancelled: "Abgebrochen. Ihre Frage steht wieder im Eingabefeld.",
      notFound: "In den Dokumenten nicht gefunden",
      answering: "Antwort auf: ",
      sources: "Quellen",
      source: "Quelle {n}: {title}",
      openSource: "Das Dokument an dieser Stelle öffnen",
      page: "Seite {n}",
      newTab: " (öffnet in einem neuen Tab)",
      unreachable: "Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
      refused: "Diese Website darf den Assistenten nicht nutzen, daher kann er hier nicht antworten. Der Betreiber der Website kann das erlauben.",
      timeout: "Der Assistent hat zu lange gebraucht. Bitte versuchen Sie es noch einmal.",
      rateLimited: "Zu viele Fragen in kurzer Zeit.",
      wait: "Sie können in {n} s wieder fragen.",
      ready: "Sie können jetzt wieder fragen.",
      httpError: "Etwas ist schiefgegangen (HTTP {status}).",
      retry: "Erneut versuchen",
      counter: "{n} / {max} Zeichen",
      tooLong: "Die Frage ist zu lang: {n} Zeichen, höchstens {max}.",
    },
  };

  // Must be read synchronously: document.currentScript is null once the script has run.
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');

  if (document.getElementById(HOST_ID)) {
    return; // already embedded on this page
  }

  const option = (name) => String(script?.getAttribute(`data-${name}`) ?? "").trim();
  const scriptUrl = new URL(script?.src || window.location.href, window.location.href);
  const apiBase = resolveApiBase(option("api"));
  const apiOrigin = new URL(apiBase).origin;
  const cssUrl = new URL("widget.css", scriptUrl);
  cssUrl.search = scriptUrl.search; // keep any cache-busting query of widget.js
  const title = option("title") || "askbio";
  const lang = pickLanguage(option("lang") || document.documentElement.lang);
  const words = STRINGS[lang];
  const STORE_KEY = `askbio:conversation:${apiBase}`;
  const COLLECTION_KEY = `askbio:collection:${apiBase}`;

  function resolveApiBase(value) {
    if (value === "") {
      return scriptUrl.origin;
    }
    try {
      return new URL(value, scriptUrl).href.replace(/\/+$/, "");
    } catch {
      return scriptUrl.origin;
    }
  }

  function pickLanguage(value) {
    const code = String(value).toLowerCase().split(/[-_]/)[0];
    return Object.hasOwn(STRINGS, code) ? code : "en";
  }

  // t("wait", {n: 3}): the widget's words in its language, {names} filled in.
  function t(key, values = {}) {
    return (words[key] ?? STRINGS.en[key]).replace(/\{(\w+)\}/g, (match, name) =>
      Object.hasOwn(values, name) ? String(values[name]) : match
    );
  }

  // ---------------------------------------------------------------- DOM helpers

  // el("p", {class: "x", onclick: fn}, "text", child): attributes, "on*" listeners, then
  // children (strings become text nodes; null and "" are skipped, for optional parts).
  function el(tag, attrs = {}, ...children) {
    const node = ["svg", "path"].includes(tag)
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

  const icon = (d) =>
    el(
      "svg",
      { viewBox: "0 0 24 24", width: "22", height: "22", "aria-hidden": "true", focusable: "false", class: "askbio-icon" },
      el("path", { d })
    );
  const BUBBLE_ICON = "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  const CLOSE_ICON = "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z";
  const NEW_ICON = "M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z";

  let uid = 0;
  const nextId = (prefix) => `askbio-${prefix}-${++uid}`;

  function str(value) {
    return typeof value === "string" ? value : value == null ? "" : String(value);
  }

  // ----------------------------------------------------------- text rendering

  // Ranges are [start, end) offsets in Unicode code points (Python string indices), so texts
  // are sliced as arrays of code points, not UTF-16 units.
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

  // A cited passage as children: the answer sentence marked, the question's words in bold.
  function passageParts(text, sentence, highlights) {
    const chars = Array.from(text);
    const terms = normaliseRanges(highlights, chars.length);
    const slice = (from, to) => chars.slice(from, to).join("");
    const withTerms = (from, to) => {
      const parts = [];
      let pos = from;
      for (const [start, end] of terms) {
        const a = Math.max(start, pos);
        const b = Math.min(end, to);
        if (b > a) {
          parts.push(slice(pos, a), el("strong", { class: "askbio-term" }, slice(a, b)));
          pos = b;
        }
      }
      parts.push(slice(pos, to));
      return parts;
    };
    const [quoted] = normaliseRanges(sentence ? [sentence] : [], chars.length);
    if (!quoted) {
      return withTerms(0, chars.length);
    }
    const [start, end] = quoted;
    return [
      ...withTerms(0, start),
      el("mark", { class: "askbio-sentence" }, ...withTerms(start, end)),
      ...withTerms(end, chars.length),
    ];
  }

  // The answer as children: its short spans emphasised, its "[n]" markers buttons that show
  // source n (`cite(n)` makes one).
  function answerParts(answer, spans, count, cite) {
    const pieces = [];
    let from = 0;
    for (const span of spans) {
      const at = span ? answer.indexOf(span, from) : -1;
      if (at >= 0) {
        pieces.push({ start: at, end: at + span.length, span });
        from = at + span.length;
      }
    }
    for (const match of answer.matchAll(/\[(\d{1,2})\]/g)) {
      const n = Number(match[1]);
      const start = match.index;
      const end = start + match[0].length;
      if (n >= 1 && n <= count && !pieces.some((p) => start < p.end && p.start < end)) {
        pieces.push({ start, end, n });
      }
    }
    pieces.sort((a, b) => a.start - b.start);
    const parts = [];
    let pos = 0;
    for (const piece of pieces) {
      parts.push(answer.slice(pos, piece.start));
      parts.push(piece.n ? cite(piece.n) : el("strong", { class: "askbio-answer-span" }, piece.span));
      pos = piece.end;
    }
    parts.push(answer.slice(pos));
    return parts;
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
    const counterId = nextId("counter");
    const formErrorId = nextId("form-error");

    const host = el("div", { id: HOST_ID });
    const theme = option("theme");
    const classes = ["askbio-root"];
    if (option("position") === "left") {
      classes.push("askbio-root--left");
    }
    if (theme === "light" || theme === "dark") {
      classes.push(`askbio-theme-${theme}`);
    }
    // Hidden until widget.css has loaded, so the unstyled widget never flashes.
    const root = el("div", { class: classes.join(" "), lang, hidden: true });
    const reveal = () => {
      root.hidden = false;
    };
    const accent = option("accent");
    if (accent && CSS.supports("color", accent)) {
      host.style.setProperty("--askbio-accent", accent); // CSSOM: allowed by a strict CSP
    }

    const launcherLabel = el("span", { class: "askbio-launcher-label" }, t("launcher", { title }));
    const launcherIcon = el("span", { class: "askbio-launcher-icon" }, icon(BUBBLE_ICON));
    const launcher = el(
      "button",
      { class: "askbio-launcher", type: "button", "aria-expanded": "false", "aria-controls": panelId },
      launcherIcon,
      launcherLabel
    );

    const newBtn = el(
      "button",
      { class: "askbio-new askbio-header-btn", type: "button", "aria-label": t("newConversation"), title: t("newConversation") },
      icon(NEW_ICON)
    );
    const closeBtn = el(
      "button",
      { class: "askbio-close askbio-header-btn", type: "button", "aria-label": t("close"), title: t("close") },
      icon(CLOSE_ICON)
    );

    const greeting = el("p", { class: "askbio-bubble askbio-greeting" }, option("greeting") || t("greetingPlain"));
    const suggestionsLabelId = nextId("suggestions");
    const suggestions = el(
      "div",
      { class: "askbio-suggestions", role: "group", "aria-labelledby": suggestionsLabelId, hidden: true },
      el("p", { class: "askbio-suggestions-label", id: suggestionsLabelId }, t("suggestions"))
    );
    const intro = el("div", { class: "askbio-msg askbio-msg--intro" }, greeting, suggestions);
    const log = el(
      "div",
      { class: "askbio-log", role: "log", "aria-live": "polite", "aria-label": t("conversation"), tabindex: "0" },
      intro
    );

    const input = el("input", {
      class: "askbio-input",
      id: inputId,
      type: "text",
      autocomplete: "off",
      enterkeyhint: "send",
      placeholder: t("placeholder"),
      "aria-describedby": `${counterId} ${formErrorId}`,
    });
    const sendBtn = el("button", { class: "askbio-send", type: "submit" }, t("send"));
    const counter = el("p", { class: "askbio-counter", id: counterId, hidden: true });
    const formError = el("p", { class: "askbio-form-error", id: formErrorId, role: "alert" });
    const form = el(
      "form",
      { class: "askbio-form", novalidate: true },
      el("label", { class: "askbio-sr-only", for: inputId }, t("question")),
      el("div", { class: "askbio-form-row" }, input, sendBtn),
      counter,
      formError
    );

    const panel = el(
      "div",
      { class: "askbio-panel", id: panelId, role: "dialog", "aria-label": `${title} chat`, "aria-modal": "false", hidden: true },
      el(
        "div",
        { class: "askbio-header" },
        el(
          "div",
          { class: "askbio-heading" },
          el("h2", { class: "askbio-title" }, title),
          el("p", { class: "askbio-subtitle" }, t("subtitle"))
        ),
        newBtn,
        closeBtn
      ),
      log,
      form
    );

    // The launcher comes first: it is the disclosure button of the panel after it, so the Tab
    // order is launcher, new conversation, close, conversation, sources, question, Send.
    root.append(launcher, panel);
    host.attachShadow({ mode: "open" }).append(
      // An error still reveals the widget: unstyled but usable.
      el("link", { rel: "stylesheet", href: cssUrl.href, onload: reveal, onerror: reveal }),
      root
    );
    return {
      host, root, launcher, launcherIcon, launcherLabel, panel, newBtn, closeBtn, log, intro, greeting,
      suggestions, form, input, sendBtn, counter, formError,
    };
  }

  const ui = buildShell();
  const { root, launcher, panel, log, input, sendBtn } = ui;

  // ------------------------------------------------------------ open / close

  const isOpen = () => !panel.hidden;

  function open({ focus = true } = {}) {
    panel.hidden = false;
    root.classList.add("askbio-root--open");
    launcher.setAttribute("aria-expanded", "true");
    // While open the launcher closes the chat: its name and icon say so.
    ui.launcherLabel.textContent = t("close");
    ui.launcherIcon.replaceChildren(icon(CLOSE_ICON));
    scrollToBottom();
    if (focus) {
      input.focus();
    }
    keep();
  }

  function close(returnFocus = true) {
    panel.hidden = true;
    root.classList.remove("askbio-root--open");
    launcher.setAttribute("aria-expanded", "false");
    ui.launcherLabel.textContent = t("launcher", { title });
    ui.launcherIcon.replaceChildren(icon(BUBBLE_ICON));
    if (returnFocus) {
      launcher.focus();
    }
    keep();
  }

  launcher.addEventListener("click", () => (isOpen() ? close() : open()));
  ui.closeBtn.addEventListener("click", () => close());
  ui.newBtn.addEventListener("click", () => newConversation());
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  // ------------------------------------------------------ the collection served

  // Its name for the greeting, questions to suggest, the longest question accepted. Kept for
  // the session, so other pages of the site greet at once and the same way.
  let maxChars = DEFAULT_MAX_CHARS;
  let suggested = [];

  function applyCollection(about) {
    if (!about || typeof about !== "object") {
      return;
    }
    const name = str(about.title).trim();
    if (name && !option("greeting")) {
      ui.greeting.textContent = t("greeting", { collection: name });
    }
    if (Number.isInteger(about.max_question_chars) && about.max_question_chars > 0) {
      maxChars = about.max_question_chars;
    }
    suggested = (Array.isArray(about.suggested_questions) ? about.suggested_questions : [])
      .filter((q) => typeof q === "string" && q.trim() !== "")
      .slice(0, 6);
    showSuggestions();
  }

  async function loadCollection() {
    const kept = readStore(COLLECTION_KEY);
    if (kept) {
      applyCollection(kept);
      return;
    }
    try {
      const res = await fetch(`${apiBase}/api/collection`, { credentials: "omit", headers: { Accept: "application/json" } });
      if (res.ok) {
        const about = await res.json();
        applyCollection(about);
        writeStore(COLLECTION_KEY, about);
      }
    } catch {
      // The greeting stays general; asking a question will say what is wrong.
    }
  }

  function showSuggestions() {
    const box = ui.suggestions;
    box.querySelectorAll(".askbio-suggestion").forEach((b) => b.remove());
    for (const question of suggested) {
      box.append(
        el("button", { class: "askbio-suggestion", type: "button", onclick: () => ask(question) }, question)
      );
    }
    box.hidden = suggested.length === 0 || turns.length > 0 || pending !== null;
  }

  // --------------------------------------------------------------- messages

  function scrollToBottom() {
    log.scrollTop = log.scrollHeight;
  }

  function scrollToMessage(node) {
    // Show the question and the start of a (possibly long) answer rather than its end.
    const top = node.offsetTop - log.offsetTop - 8;
    log.scrollTop = Math.max(0, Math.min(top, log.scrollHeight));
  }

  // Scrolls the conversation so that an opened source shows as much as it can while the
  // answer it supports stays in view.
  function revealSource(answer, passage) {
    const view = log.getBoundingClientRect();
    const top = answer.getBoundingClientRect().top;
    const bottom = passage.getBoundingClientRect().bottom;
    let delta = Math.max(0, bottom - (view.bottom - 8));
    delta = Math.min(delta, top - (view.top + 8)); // never past the answer's first line
    log.scrollTop += delta;
  }

  const addMessage = (node) => {
    log.append(node);
    return node;
  };

  const userMessage = (question) =>
    el("div", { class: "askbio-msg askbio-msg--user" }, srOnly(t("you")), el("p", { class: "askbio-bubble" }, question));

  function typingIndicator(onCancel) {
    const still = el("span", { class: "askbio-still", hidden: true }, t("still"));
    const cancel = el("button", { class: "askbio-cancel", type: "button", hidden: true, onclick: onCancel }, t("cancel"));
    const node = el(
      "div",
      { class: "askbio-msg askbio-msg--typing" },
      el(
        "div",
        { class: "askbio-bubble askbio-typing" },
        el(
          "span",
          { class: "askbio-dots" },
          ...Array.from({ length: 3 }, () => el("span", { class: "askbio-dot", "aria-hidden": "true" }))
        ),
        srOnly(t("looking")),
        still,
        cancel
      )
    );
    node.slow = () => {
      still.hidden = false;
      cancel.hidden = false;
    };
    return node;
  }

  function botMessage(data) {
    const abstained = data.abstained === true;
    const answer = str(data.answer);
    const hasConfidence = typeof data.confidence === "number" && Number.isFinite(data.confidence);
    const citations = (Array.isArray(data.citations) ? data.citations : []).filter((c) => c && typeof c === "object");
    const parts = Array.isArray(data.parts) ? data.parts : [];
    const spans = parts.length ? parts.map((p) => str(p?.span)) : [str(data.answer_span)];
    // A follow-up completed from the conversation says which question it answers, as text.
    const resolved = str(data.resolved_question).trim();
    const shown = citations.length ? sources(citations) : null;
    const cite = (n) => {
      const c = citations[n - 1];
      return el(
        "button",
        {
          class: "askbio-cite",
          type: "button",
          "aria-label": t("source", { n, title: str(c.short_title) || str(c.title) || str(c.doc_id) }),
          onclick: () => shown.show(n),
        },
        `[${n}]`
      );
    };
    const answerText = el(
      "p",
      { class: "askbio-answer" },
      // A refusal has no span to stress, but a near miss's "[1]" opens what it quotes.
      ...answerParts(answer, abstained ? [] : spans, citations.length, cite)
    );
    const bubble = el(
      "div",
      { class: "askbio-bubble" },
      resolved ? el("p", { class: "askbio-resolved" }, t("answering"), resolved) : null,
      abstained
        ? el(
            "p",
            { class: "askbio-badge" },
            el("span", { class: "askbio-badge-icon", "aria-hidden": "true" }, "?"),
            t("notFound")
          )
        : null,
      // A refusal's wording is the API's; a near miss quotes, cited, what the documents say nearest.
      answerText,
      shown?.node
    );
    if (shown) {
      shown.answer = answerText;
    }
    return el(
      "div",
      {
        class: `askbio-msg askbio-msg--bot${abstained ? " askbio-msg--abstained" : ""}`,
        "data-confidence": hasConfidence ? String(data.confidence) : null,
      },
      srOnly(t("bot", { title })),
      bubble
    );
  }

  // The chips and the passages they show; `show(n)` opens source n (for the "[n]" buttons).
  function sources(citations) {
    const labelId = nextId("sources");
    const chips = el(
      "div",
      { class: "askbio-chips", role: "group", "aria-labelledby": labelId },
      el("span", { class: "askbio-chips-label", id: labelId }, t("sources"))
    );
    const passages = el("div", { class: "askbio-passages" });
    const shown = { node: el("div", { class: "askbio-sources" }, chips, passages), answer: null, toggles: [] };

    citations.forEach((c, i) => {
      const n = i + 1;
      const docTitle = str(c.title) || str(c.doc_id) || `Source ${n}`;
      const short = str(c.short_title) || docTitle;
      const passageId = nextId("passage");
      const href = safeHttpUrl(c.source_url) || safeHttpUrl(c.url);

      const passage = el(
        "div",
        { class: "askbio-passage", id: passageId, hidden: true, tabindex: "-1" },
        el("p", { class: "askbio-passage-title" }, el("span", { class: "askbio-passage-num" }, `[${n}] `), el("cite", {}, docTitle)),
        str(c.publisher) || Number.isInteger(c.page)
          ? el(
              "p",
              { class: "askbio-passage-publisher" },
              [str(c.publisher), Number.isInteger(c.page) ? t("page", { n: c.page }) : ""].filter(Boolean).join(", ")
            )
          : null,
        el("blockquote", { class: "askbio-passage-text" }, ...passageParts(str(c.text), c.sentence, c.highlights)),
        href
          ? el(
              "a",
              { class: "askbio-source-link", href, target: "_blank", rel: "noopener noreferrer" },
              t("openSource"),
              srOnly(t("newTab"))
            )
          : null
      );

      const setOpen = (opened) => {
        chip.setAttribute("aria-expanded", String(opened));
        passage.hidden = !opened;
        if (opened) {
          revealSource(shown.answer || chips, passage);
        }
      };
      const chip = el(
        "button",
        {
          class: "askbio-chip",
          type: "button",
          "aria-expanded": "false",
          "aria-controls": passageId,
          "data-index": String(n),
          title: docTitle,
          onclick: () => setOpen(chip.getAttribute("aria-expanded") !== "true"),
        },
        el("span", { class: "askbio-chip-num" }, `[${n}]`),
        " ",
        el("span", { class: "askbio-chip-title" }, short)
      );
      shown.toggles.push({ setOpen, passage });
      chips.append(chip);
      passages.append(passage);
    });

    shown.show = (n) => {
      const source = shown.toggles[n - 1];
      if (source) {
        source.setOpen(true);
        source.passage.focus({ preventScroll: true });
      }
    };
    return shown;
  }

  function errorMessage(text, retry) {
    const msg = el("div", { class: "askbio-msg askbio-msg--error" });
    const textNode = el(
      "p",
      { class: "askbio-error-text" },
      el("span", { class: "askbio-badge-icon", "aria-hidden": "true" }, "!"),
      el("span", {}, text)
    );
    const button = retry
      ? el("button", { class: "askbio-retry", type: "button", onclick: () => retry(msg) }, t("retry"))
      : null;
    msg.append(el("div", { class: "askbio-bubble" }, textNode, button));
    msg.retryButton = button;
    msg.textNode = textNode;
    return msg;
  }

  // A 429's message with a countdown: Retry is enabled when the wait is over.
  function rateLimitMessage(message, seconds, retry) {
    const msg = errorMessage(message, retry);
    const count = el("span", { class: "askbio-countdown", "aria-hidden": "true" }, t("wait", { n: seconds }));
    // Screen readers hear the wait once; the countdown itself is for the eyes.
    msg.textNode.append(" ", count, srOnly(t("wait", { n: seconds })));
    msg.retryButton.disabled = true;
    let left = seconds;
    const timer = setInterval(() => {
      left -= 1;
      if (!msg.isConnected) {
        clearInterval(timer);
      } else if (left > 0) {
        count.textContent = t("wait", { n: left });
      } else {
        clearInterval(timer);
        count.textContent = t("ready");
        count.removeAttribute("aria-hidden");
        msg.retryButton.disabled = false;
      }
    }, 1000);
    return msg;
  }

  // ------------------------------------------------------------ conversation

  let turns = []; // [{question, data}], oldest first: the answered turns, kept across pages
  let pending = null; // the AbortController of the question being answered

  const history = () =>
    turns.slice(-MAX_HISTORY).map(({ question, data }) => ({ question, answer: str(data.answer) }));

  function ask(question) {
    question = str(question).trim();
    if (question === "" || pending) {
      return false;
    }
    if (!isOpen()) {
      open();
    }
    if (Array.from(question).length > maxChars) {
      input.value = question;
      updateCounter();
      ui.formError.textContent = t("tooLong", { n: Array.from(question).length, max: maxChars });
      return false;
    }
    send(question, addMessage(userMessage(question)));
    return true;
  }

  // Sends a question; its answer is scrolled into view together with `questionNode`.
  async function send(question, questionNode) {
    const controller = new AbortController();
    pending = controller;
    ui.formError.textContent = "";
    ui.suggestions.hidden = true;
    // Only the newest error may be retried: an older Retry would resend out of turn.
    log.querySelectorAll(".askbio-retry").forEach((b) => {
      b.disabled = true;
    });
    log.setAttribute("aria-busy", "true");
    sendBtn.setAttribute("aria-disabled", "true");
    const typing = addMessage(typingIndicator(() => controller.abort("cancel")));
    const slow = setTimeout(() => typing.slow(), SLOW_MS);
    scrollToBottom();

    const result = await request({ question, history: history() }, controller);

    clearTimeout(slow);
    pending = null;
    typing.remove();
    log.removeAttribute("aria-busy");
    sendBtn.removeAttribute("aria-disabled");
    if (controller.signal.reason === "discard") {
      return; // a new conversation began meanwhile
    }

    if (result.ok) {
      turns.push({ question, data: keptAnswer(result.data) });
      keep();
      const answerNode = addMessage(botMessage(result.data));
      scrollToMessage(questionNode.isConnected ? questionNode : answerNode);
      return;
    }
    if (result.kind === "cancelled" || result.kind === "rejected") {
      // The question goes back in the box, to be changed or sent again.
      if (input.value.trim() === "") {
        input.value = question;
        updateCounter();
      }
      input.focus();
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
    const message =
      result.kind === "rate"
        ? rateLimitMessage(result.message, result.wait, retry)
        : errorMessage(result.message, retry);
    addMessage(message);
    scrollToBottom();
  }

  // What an answer needs to be shown again on another page: the API's object without its
  // signals and other fields the widget does not show.
  function keptAnswer(data) {
    const citation = (c) => ({
      doc_id: c?.doc_id, title: c?.title, short_title: c?.short_title, url: c?.url, source_url: c?.source_url,
      publisher: c?.publisher, passage_id: c?.passage_id, text: c?.text, highlights: c?.highlights,
      sentence: c?.sentence, page: c?.page,
    });
    return {
      answer: data.answer, abstained: data.abstained, confidence: data.confidence, answer_span: data.answer_span,
      resolved_question: data.resolved_question, parts: data.parts,
      citations: Array.isArray(data.citations) ? data.citations.map(citation) : [],
    };
  }

  function retryAfterSeconds(header) {
    const value = str(header).trim();
    let seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
    if (!Number.isFinite(seconds) || seconds < 1) {
      seconds = 1;
    }
    return Math.min(Math.ceil(seconds), 3600);
  }

  // Resolves (never rejects) to {ok: true, data} or {ok: false, kind, message, retry}.
  async function request(payload, controller) {
    const unreachable = { ok: false, kind: "unreachable", message: t("unreachable"), retry: true };
    let timedOut = false;
    // The abort also covers reading the body, so a stalled response ends too.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort("timeout");
    }, TIMEOUT_MS);
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
        const message = str(data?.error?.message).trim();
        if (res.status === 429) {
          return {
            ok: false, kind: "rate", message: message || t("rateLimited"), retry: true,
            wait: retryAfterSeconds(res.headers.get("Retry-After")),
          };
        }
        return { ok: false, kind: "rejected", message: message || t("httpError", { status: res.status }), retry: false };
      }
      if (typeof data?.answer !== "string") {
        return unreachable;
      }
      return { ok: true, data };
    } catch {
      if (controller.signal.aborted) {
        return timedOut
          ? { ok: false, kind: "timeout", message: t("timeout"), retry: true }
          : { ok: false, kind: "cancelled", message: t("cancelled"), retry: true };
      }
      return (await refusedByCors()) ? { ok: false, kind: "refused", message: t("refused"), retry: false } : unreachable;
    } finally {
      clearTimeout(timer);
    }
  }

  // A fetch that fails cross-origin is either a server out of reach or one that does not allow
  // this page's origin (CORS): the browser says which only in its console. A request that needs
  // no permission (no-cors) tells them apart: it gets through only to a server that is up.
  async function refusedByCors() {
    if (apiOrigin === window.location.origin) {
      return false;
    }
    try {
      await fetch(`${apiBase}/api/health`, { mode: "no-cors", credentials: "omit", cache: "no-store" });
    } catch {
      return false;
    }
    console.warn(
      `askbio: the server at ${apiOrigin} does not allow this page's origin, ${window.location.origin}. ` +
        `Add ${window.location.origin} to its --cors-origins (ASKBIO_CORS_ORIGINS).`
    );
    return true;
  }

  function newConversation() {
    pending?.abort("discard");
    turns = [];
    keep();
    log.replaceChildren(ui.intro);
    showSuggestions();
    ui.formError.textContent = "";
    input.focus();
  }

  // ------------------------------------------------------------ the question box

  function updateCounter() {
    const n = Array.from(input.value).length;
    const near = n >= Math.floor(maxChars * COUNTER_FROM);
    ui.counter.hidden = !near;
    ui.counter.textContent = near ? t("counter", { n, max: maxChars }) : "";
    ui.counter.classList.toggle("askbio-counter--over", n > maxChars);
    input.setAttribute("aria-invalid", String(n > maxChars));
    if (n <= maxChars) {
      ui.formError.textContent = "";
    }
  }

  input.addEventListener("input", updateCounter);

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pending) {
      return;
    }
    if (ask(input.value)) {
      input.value = "";
      updateCounter();
    }
    input.focus();
  });

  // -------------------------------------------------- kept across pages (this tab)

  function readStore(key) {
    try {
      const raw = window.sessionStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null; // storage refused (privacy settings) or damaged: start afresh
    }
  }

  function writeStore(key, value) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Full or refused: the conversation is only not kept.
    }
  }

  function keep() {
    let kept = turns.slice(-KEPT_TURNS);
    let json = JSON.stringify({ open: isOpen(), turns: kept });
    while (json.length > KEPT_CHARS && kept.length > 1) {
      kept = kept.slice(1);
      json = JSON.stringify({ open: isOpen(), turns: kept });
    }
    turns = kept;
    writeStore(STORE_KEY, JSON.parse(json));
  }

  function restore() {
    const kept = readStore(STORE_KEY);
    const valid = Array.isArray(kept?.turns)
      ? kept.turns.filter((turn) => typeof turn?.question === "string" && turn.data && typeof turn.data.answer === "string")
      : [];
    turns = valid.slice(-KEPT_TURNS);
    for (const { question, data } of turns) {
      addMessage(userMessage(question));
      addMessage(botMessage(data));
    }
    if (kept?.open === true) {
      open({ focus: false }); // where the visitor left it, without taking the page's focus
    }
  }

  // ------------------------------------------------------------------ mount

  const mount = () => {
    document.body.append(ui.host);
    restore();
    loadCollection();
  };
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }

  // A small handle for tests and for pages that want to open the chat themselves.
  window.askbioWidget = {
    open,
    close: () => close(false),
    ask,
    newConversation,
    history,
    apiBase,
    language: lang,
  };
})();
