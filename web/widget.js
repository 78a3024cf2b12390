/*
 * Chat widget for the attachment & wellbeing assistant.
 *
 * Embed with one script tag (README "Web widget"):
 *   <script src="https://chat.example.org/widget.js" data-server-url="https://bot.example.org"
 *           data-title="Attachment & wellbeing guide" data-initial-message="/greet" defer></script>
 *
 * Talks to Rasa's socket.io channel with the socket.io client served beside this file.
 * Every text from the bot or the person is inserted as text, never as HTML; links are made
 * only for http, https, mailto and tel addresses.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.attachmentChatLoaded) return;
  window.attachmentChatLoaded = true;

  var base = new URL(".", script.src).href;
  var data = script.dataset;
  var config = {
    serverUrl: data.serverUrl || "http://localhost:5005",
    title: data.title || "Attachment & wellbeing guide",
    initialMessage: data.initialMessage === undefined ? "/greet" : data.initialMessage,
    persist: ["session", "local", "none"].indexOf(data.persist) >= 0 ? data.persist : "session",
    exitUrl: data.exitUrl || "https://www.bbc.co.uk/weather",
    open: data.open === "true",
    replyTimeoutMs: (Number(data.replyTimeout) || 20) * 1000,
    connectTimeoutMs: (Number(data.connectTimeout) || 8) * 1000,
  };

  var TEXT = {
    open: "Chat",
    close: "Hide chat",
    needHelp: "Need help now?",
    quickExit: "Quick exit",
    quickExitHint: "Clears this chat and leaves for another site",
    deleteConversation: "Delete conversation",
    deleteRequest: "Delete my conversation",
    input: "Your message",
    send: "Send",
    you: "You said:",
    bot: "Assistant said:",
    suggestions: "Suggested replies",
    connecting: "Connecting to the assistant…",
    unreachable: "The assistant can't be reached right now. It keeps trying; " +
      "if you need help now, press \u201cNeed help now?\u201d.",
    notSent: "Your message was not sent: the assistant can't be reached right now. " +
      "If you need help now, press \u201cNeed help now?\u201d.",
    reconnecting: "The connection was lost. Trying to reconnect… If you need help now, press \u201cNeed help now?\u201d.",
    noReply: "No answer came back. The assistant may be unavailable; please try again in a moment. " +
      "If you need help now, press \u201cNeed help now?\u201d.",
    offlineResources: "The assistant can't be reached, so here are the support lines saved in this page:",
    disclaimer: "This is an automated assistant, not a person and not a clinician. It can't diagnose, " +
      "treat or advise, and it is not a substitute for professional help.",
    emergency: "If you are in danger, call your local emergency number now.",
  };

  var STORAGE_KEY = "attachment-chat";
  var DELETE_REQUEST = "/delete_conversation";
  var DELETE_CONFIRMED = "/delete_conversation_confirmed";
  var SAFE_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];
  var LINK = new RegExp(
    "\\[([^\\]]+)\\]\\(([^)\\s]+)\\)" + // [text](address)
      "|\\b((?:https?://|mailto:|tel:)[^\\s<>()]*[^\\s<>().,;:!?'\"])" + // full addresses
      "|\\b((?:[a-z0-9-]+\\.)+(?:com|org|net|info|gov|uk|ie|au|nz|ca|in)(?:/[^\\s<>()]*[^\\s<>().,;:!?'\"])?)\\b",
    "gi"
  );

  var storage = pickStorage(config.persist);
  var state = load() || { sessionId: null, messages: [], open: config.open };
  var content = { disclaimer: TEXT.disclaimer, crisis_resources: TEXT.emergency };
  var socket = null;
  var replyTimer = null;
  var connectTimer = null;
  var forgetting = false; // the person confirmed deletion: the page forgets the conversation too

  // ---- the page ------------------------------------------------------------------------
  var host = document.createElement("div");
  host.setAttribute("data-attachment-chat", "");
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("link", { rel: "stylesheet", href: base + "widget.css" }));

  var disclaimer = el("p", { class: "disclaimer", id: "awc-disclaimer" }, content.disclaimer);
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  var status = el("p", { class: "status", role: "status", "aria-live": "assertive" });
  var input = el("input", { id: "awc-input", type: "text", autocomplete: "off", maxlength: "2000" });
  var form = el("form", { class: "composer" }, [
    el("label", { for: "awc-input", class: "visually-hidden" }, TEXT.input),
    input,
    el("button", { type: "submit", class: "send" }, TEXT.send),
  ]);
  var deleteButton = el("button", { type: "button", class: "delete" }, TEXT.deleteConversation);
  var panel = el("section", { class: "panel", id: "awc-panel", "aria-labelledby": "awc-title", "aria-describedby": "awc-disclaimer" }, [
    el("header", {}, [el("h2", { id: "awc-title" }, config.title), deleteButton]),
    disclaimer,
    log,
    status,
    form,
  ]);
  var helpButton = el("button", { type: "button", class: "help" }, TEXT.needHelp);
  var exitButton = el("button", { type: "button", class: "exit", title: TEXT.quickExitHint }, TEXT.quickExit);
  var toggleButton = el("button", { type: "button", class: "toggle", "aria-controls": "awc-panel" }, TEXT.open);
  var widget = el("div", { class: "awc" }, [panel, el("div", { class: "bar" }, [helpButton, exitButton, toggleButton])]);
  root.appendChild(widget);
  document.body.appendChild(host);

  state.messages.forEach(render);
  setOpen(state.open);
  loadContent();
  connect();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text && send(text, text)) input.value = "";
  });
  toggleButton.addEventListener("click", function () {
    setOpen(!state.open);
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      setOpen(false);
      toggleButton.focus();
    }
  });
  deleteButton.addEventListener("click", function () {
    send(DELETE_REQUEST, TEXT.deleteRequest);
  });
  helpButton.addEventListener("click", showHelp);
  exitButton.addEventListener("click", quickExit);

  // ---- conversation --------------------------------------------------------------------
  function connect() {
    setStatus(TEXT.connecting);
    connectTimer = setTimeout(function () {
      if (!socket || !socket.connected) setStatus(TEXT.unreachable);
    }, config.connectTimeoutMs);
    loadSocketIo(function (io) {
      if (!io) return setStatus(TEXT.unreachable);
      socket = io(config.serverUrl, { transports: ["websocket", "polling"], reconnectionDelayMax: 10000 });
      socket.on("connect", function () {
        clearTimeout(connectTimer);
        setStatus("");
        socket.emit("session_request", { session_id: state.sessionId });
      });
      socket.on("session_confirm", function (sessionId) {
        state.sessionId = typeof sessionId === "string" ? sessionId : sessionId && sessionId.session_id;
        save();
        if (!state.messages.length && config.initialMessage) emit(config.initialMessage);
      });
      socket.on("bot_uttered", function (message) {
        clearTimeout(replyTimer);
        setStatus("");
        var reply = { from: "bot", text: message.text || "", buttons: message.quick_replies || message.buttons || [] };
        if (forgetting) {
          forgetting = false;
          state.messages = [];
          log.textContent = "";
        }
        add(reply);
      });
      socket.on("connect_error", function () {
        setStatus(TEXT.unreachable);
      });
      socket.on("disconnect", function () {
        setStatus(TEXT.reconnecting);
      });
    });
  }

  function send(payload, shownAs) {
    if (!socket || !socket.connected) {
      setStatus(TEXT.notSent);
      return false;
    }
    add({ from: "user", text: shownAs });
    emit(payload);
    return true;
  }

  function emit(payload) {
    socket.emit("user_uttered", {
      message: payload,
      session_id: state.sessionId,
      metadata: { locale: navigator.language },
    });
    clearTimeout(replyTimer);
    replyTimer = setTimeout(function () {
      setStatus(TEXT.noReply);
    }, config.replyTimeoutMs);
  }

  function showHelp() {
    setOpen(true);
    if (send("/ask_crisis_resources", TEXT.needHelp)) return;
    add({ from: "bot", text: TEXT.offlineResources + "\n" + content.crisis_resources, buttons: [] });
  }

  function quickExit() {
    clearTimeout(replyTimer);
    clearTimeout(connectTimer);
    ["sessionStorage", "localStorage"].forEach(function (name) {
      try {
        window[name].removeItem(STORAGE_KEY);
      } catch (error) {
        /* storage may be blocked; nothing was saved there then */
      }
    });
    if (socket) socket.disconnect();
    host.remove();
    window.location.replace(config.exitUrl);
  }

  // ---- rendering -----------------------------------------------------------------------
  function add(message) {
    state.messages.push(message);
    save();
    render(message);
  }

  function render(message) {
    var bubble = el("div", { class: "msg " + message.from }, [
      el("span", { class: "visually-hidden" }, message.from === "user" ? TEXT.you : TEXT.bot),
    ]);
    message.text.split("\n").forEach(function (line) {
      var paragraph = el("p");
      appendWithLinks(paragraph, line);
      bubble.appendChild(paragraph);
    });
    if (message.buttons && message.buttons.length) {
      var group = el("div", { class: "choices", role: "group", "aria-label": TEXT.suggestions });
      message.buttons.forEach(function (button) {
        var choice = el("button", { type: "button" }, button.title);
        choice.addEventListener("click", function () {
          if (!send(button.payload, button.title)) return;
          forgetting = button.payload === DELETE_CONFIRMED;
          input.focus();
        });
        group.appendChild(choice);
      });
      bubble.appendChild(group);
    }
    log.appendChild(bubble);
    log.scrollTop = log.scrollHeight;
  }

  function appendWithLinks(parent, text) {
    var last = 0;
    text.replace(LINK, function (match, label, target, address, domain, offset) {
      var href = target || address || "https://" + domain;
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      parent.appendChild(safeLink(label || match, href, match));
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // A link to `href` labelled `label`, or the `original` text when the address is not a safe one.
  function safeLink(label, href, original) {
    var url;
    try {
      url = new URL(href);
    } catch (error) {
      return document.createTextNode(original);
    }
    if (SAFE_PROTOCOLS.indexOf(url.protocol) < 0) return document.createTextNode(original);
    var link = el("a", { href: url.href, rel: "noopener noreferrer" }, label);
    if (url.protocol === "http:" || url.protocol === "https:") link.setAttribute("target", "_blank");
    return link;
  }

  function setOpen(open) {
    state.open = open;
    save();
    panel.hidden = !open;
    toggleButton.setAttribute("aria-expanded", String(open));
    toggleButton.textContent = open ? TEXT.close : TEXT.open;
    if (open) input.focus();
  }

  function setStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  // ---- helpers -------------------------------------------------------------------------
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function loadContent() {
    var locale = encodeURIComponent(navigator.language || "");
    fetch(base + "widget/content.json?locale=" + locale)
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (loaded) {
        if (!loaded) return;
        content = loaded;
        disclaimer.textContent = loaded.disclaimer;
      })
      .catch(function () {
        /* the built-in disclaimer and emergency line stay */
      });
  }

  function loadSocketIo(done) {
    if (window.io) return done(window.io);
    var tag = document.createElement("script");
    tag.src = base + "vendor/socket.io.min.js";
    tag.onload = function () {
      done(window.io);
    };
    tag.onerror = function () {
      done(null);
    };
    document.head.appendChild(tag);
  }

  function pickStorage(kind) {
    try {
      return kind === "local" ? window.localStorage : kind === "session" ? window.sessionStorage : null;
    } catch (error) {
      return null;
    }
  }

  function load() {
    try {
      return storage && JSON.parse(storage.getItem(STORAGE_KEY));
    } catch (error) {
      return null;
    }
  }

  function save() {
    try {
      if (storage) storage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (error) {
      /* a full or blocked storage only costs the reload survival */
    }
  }
})();
