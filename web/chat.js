// The ITB pump helper chat widget: socket.io v4 to Rasa's web chat channel.
// Text from the family or the bot is only ever set with textContent, never parsed as HTML.
(function () {
  "use strict";
  var clinic = document.body.dataset;
  // sessionStorage: cleared when the tab closes, so health data stays short-lived. Inside a frame that may not
  // use storage (or when it is full) reading or writing throws: the page then keeps nothing, and works.
  var store = {
    getItem: function (key) { try { return window.sessionStorage.getItem(key); } catch (e) { return null; } },
    setItem: function (key, value) { try { window.sessionStorage.setItem(key, value); } catch (e) { /* kept nowhere */ } }
  };
  var SESSION_KEY = "itb-session", PROOF_KEY = "itb-session-key", LOG_KEY = "itb-log";
  // The server makes the session id and a key proving this tab was given it: both are needed to resume
  // the conversation after a reload or a reconnect. Without them the server starts a new session.
  var sessionId = store.getItem(SESSION_KEY);
  var sessionKey = store.getItem(PROOF_KEY);
  var transcript = [];
  try { transcript = JSON.parse(store.getItem(LOG_KEY) || "[]"); } catch (e) { /* unreadable: start empty */ }
  // The id of the last bot message shown: on re-joining, the server sends every later one it has.
  var lastId = transcript.reduce(function (last, entry) { return entry.id || last; }, null);
  var log = document.getElementById("log");
  var input = document.getElementById("message");
  var banners = {emergency: document.getElementById("emergency"), sameDay: document.getElementById("same-day"),
                 offline: document.getElementById("offline")};
  // The clinic's numbers (from its configuration, written into the page) become tel: links in messages.
  var numbers = [clinic.emergencyNumber, clinic.daytimeNumber, clinic.afterHoursNumber].filter(Boolean)
    .sort(function (a, b) { return b.length - a.length; })
    .map(function (n) { return n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  var numberPattern = numbers.length ? new RegExp("(?<![\\w-])(" + numbers.join("|") + ")(?![\\w-])") : null;

  function remember(entry) {
    transcript.push(entry);
    store.setItem(LOG_KEY, JSON.stringify(transcript));
  }

  function show(entry) {
    if (entry.kind === "triage") {
      if (entry.summary) { showSummary(entry.summary); }
      return showLevel(entry.level);
    }
    var item = document.createElement("li");
    item.className = "msg " + entry.kind;
    if (entry.kind === "bot" && /^EMERGENCY\b/.test(entry.text)) { item.classList.add("urgent"); }  // protocol.yml level_text
    var text = document.createElement("p");
    var speaker = document.createElement("span");           // screen readers say who is speaking
    speaker.className = "visually-hidden";
    speaker.textContent = entry.kind === "user" ? "You: " : "Assistant: ";
    text.appendChild(speaker);
    withNumberLinks(text, entry.text);
    item.appendChild(text);
    if (entry.kind === "user" || (entry.buttons && entry.buttons.length)) { closeChoices(); }
    if (entry.buttons && entry.buttons.length) { item.appendChild(buttonsFor(entry.buttons)); }
    log.appendChild(item);
    window.scrollTo(0, document.documentElement.scrollHeight);   // the newest bubble, above the input bar
  }

  // Text nodes and tel: links only: the split's odd parts are the clinic's numbers.
  function withNumberLinks(parent, text) {
    (numberPattern ? text.split(numberPattern) : [text]).forEach(function (part, i) {
      if (i % 2 === 0) { return parent.appendChild(document.createTextNode(part)); }
      var link = document.createElement("a");
      link.href = "tel:" + part;
      link.textContent = part;
      parent.appendChild(link);
    });
  }

  // A button answers only the question it was shown with: older ones are disabled here, and the server
  // ignores a reply_to that is not its open question.
  function closeChoices() {
    log.querySelectorAll(".choices button").forEach(function (x) { x.disabled = true; });
  }

  function buttonsFor(buttons) {
    var group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Answer");
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", function () {
        group.querySelectorAll("button").forEach(function (x) { x.disabled = true; });
        send(b.payload, b.reply_to);
      });
      group.appendChild(button);
    });
    return group;
  }

  // Whether the clinic is open at `date`, by its opening hours in its timezone (both from its configuration,
  // written into the page; triage/clinic.py Clinic.is_open). Anything unknown reads as closed: the
  // after-hours line answers day and night.
  function clinicOpen(date) {
    var hours, parts = {};
    try {
      hours = JSON.parse(clinic.openingHours || "{}");
      new Intl.DateTimeFormat("en-US", {timeZone: clinic.timezone, weekday: "short", hour: "2-digit",
                                        minute: "2-digit", hourCycle: "h23"})
        .formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
    } catch (e) { return false; }
    var day = hours[(parts.weekday || "").toLowerCase()], time = parts.hour + ":" + parts.minute;
    return Array.isArray(day) && day[0] <= time && time < day[1];
  }

  // The same-day banner dials the team number that answers now; checked again every minute while shown.
  var teamCall = document.getElementById("team-call");
  function dialNow() {
    var number = clinicOpen(new Date()) ? clinic.daytimeNumber : clinic.afterHoursNumber;
    if (number && teamCall.textContent !== number) {
      teamCall.href = "tel:" + number;
      teamCall.textContent = number;
    }
  }
  setInterval(function () { if (!banners.sameDay.hidden) { dialNow(); } }, 60000);

  function showLevel(level) {
    if (level === "emergency") {
      banners.emergency.hidden = false;
      banners.sameDay.hidden = true;
    } else if (level === "same_day" && banners.emergency.hidden) {
      dialNow();
      banners.sameDay.hidden = false;
    }
    pin();
  }

  // The call link and the emergency or offline banner stay on screen while either is shown.
  function pin() {
    document.body.classList.toggle("pinned", !banners.emergency.hidden || !banners.offline.hidden);
  }
  document.getElementById("emergency-close").addEventListener("click", function () {
    banners.emergency.hidden = true;
    pin();
    input.focus();
  });

  // The summary for the emergency department (triage/summary.py): the newest one, shown on request and
  // printed on its own (chat.css @media print). Built with textContent, numbers as tel: links.
  var summary = {dialog: document.getElementById("summary"), bar: document.getElementById("summary-bar"),
                 body: document.getElementById("summary-body")};
  function showSummary(data) {
    document.getElementById("summary-title").textContent = data.title || "";
    summary.body.replaceChildren();
    (data.sections || []).forEach(function (section) {
      var heading = document.createElement("h3"), list = document.createElement("ul");
      heading.textContent = section.heading;
      (section.lines || []).forEach(function (line) {
        var item = document.createElement("li");
        withNumberLinks(item, String(line));
        list.appendChild(item);
      });
      summary.body.append(heading, list);
    });
    document.getElementById("summary-footer").textContent = data.footer || "";
    summary.bar.hidden = false;
  }
  document.getElementById("summary-open").addEventListener("click", function () { summary.dialog.showModal(); });
  document.getElementById("summary-close").addEventListener("click", function () { summary.dialog.close(); });
  document.getElementById("summary-print").addEventListener("click", function () { window.print(); });

  function add(entry) {
    if (entry.id) { lastId = entry.id; }
    remember(entry);
    show(entry);
  }

  transcript.forEach(show);

  // In a hospital's page (web/widget.js): the loader shows the clinic's numbers until this page says it
  // runs, and closes the frame on Escape. Only these two words cross to the host page, never health data.
  if (window.parent !== window) { document.body.classList.add("framed"); }  // the loader's bar names the chat
  function tell(word) {
    if (window.parent === window) { return; }
    try { window.parent.postMessage({itbPumpHelper: word}, "*"); } catch (e) { /* no parent to tell */ }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { tell("close"); }
  });

  if (typeof window.io !== "function") {       // the socket library did not load: the numbers, no chat
    banners.offline.hidden = false;
    pin();
    document.body.dataset.connected = "false";
    document.getElementById("composer").addEventListener("submit", function (event) { event.preventDefault(); });
    tell("ready");
    return;
  }
  // Long-polling only: engine.io's websocket driver fails on Rasa 3.6's Sanic 21.12 ("Invalid frame header").
  var socket = io({path: "/socket.io", transports: ["polling"], upgrade: false, reconnectionDelayMax: 5000});
  tell("ready");

  var pending = [];                              // typed before the session was ready: sent once it is
  var ready = false;                             // this connection's session_request was confirmed
  function setOnline(online) {
    banners.offline.hidden = online;
    pin();
    document.body.dataset.connected = online && ready ? "true" : "false";
  }
  function flush() {
    while (socket.connected && ready && pending.length) {
      var next = pending.shift();
      var data = {message: next.text, session_id: sessionId};
      if (next.replyTo) { data.metadata = {reply_to: next.replyTo}; }
      socket.emit("user_uttered", data);
    }
  }

  socket.on("connect", function () {
    ready = false;
    setOnline(true);
    socket.emit("session_request", {session_id: sessionId, session_key: sessionKey, last_id: lastId});
  });
  socket.on("session_confirm", function (session) {
    if (!session || typeof session.session_id !== "string" || typeof session.session_key !== "string") { return; }
    if (sessionId && session.session_id !== sessionId) { closeChoices(); }   // a new conversation: old buttons answer nothing
    sessionId = session.session_id;
    sessionKey = session.session_key;
    store.setItem(SESSION_KEY, sessionId);
    store.setItem(PROOF_KEY, sessionKey);
    ready = true;
    setOnline(true);
    flush();
  });
  socket.on("disconnect", function () { ready = false; setOnline(false); });
  socket.on("connect_error", function () { setOnline(false); });

  socket.on("bot_uttered", function (message) {
    if (!message) { return; }
    var custom = message.custom, meta = message.metadata || {};
    var id = typeof meta.id === "string" ? meta.id : null;     // the server's id for a replay after a reconnect
    if (custom && (custom.triage || custom.alert)) {
      return add({kind: "triage", level: (custom.triage || custom.alert).level, summary: custom.summary, id: id});
    }
    if (message.text) {
      var buttons = (message.quick_replies || []).map(function (q) {
        return {title: q.title, payload: q.payload, reply_to: q.reply_to};
      });
      add({kind: "bot", text: message.text, buttons: buttons, id: id});
    }
  });

  function send(text, replyTo) {
    text = (text || "").trim();
    if (!text) { return; }
    add({kind: "user", text: text});
    pending.push({text: text, replyTo: typeof replyTo === "string" ? replyTo : null});
    flush();
    input.focus();                                 // typed or a button: the next answer starts in the input
  }

  document.getElementById("composer").addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value);
    input.value = "";
  });
})();
