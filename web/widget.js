// The ITB pump helper on a hospital's own page: one script tag adds a launcher button that opens the chat
// page (served by the same server as this script) in a frame.
//   <script src="https://<server>/webhooks/webchat/widget.js" data-label="Pump questions?" async></script>
// data-label: the launcher's text; data-position: "right" (default) or "left"; data-open="true" opens it.
// The clinic's team name and numbers are written in by the server from its clinic configuration: they are
// shown while the chat loads and stay shown if it never does (the frame is refused, the server is down).
// Everything lives in a shadow root: the host page's styles do not reach it, and it adds none to the page.
(function () {
  "use strict";
  var CLINIC = /*{{clinic}}*/null;
  var LOAD_TIMEOUT_MS = 8000;          // no word from the chat page by then: it did not load
  var script = document.currentScript;
  if (!script || !CLINIC || window.__itbPumpHelper) { return; }    // loaded twice: one launcher
  window.__itbPumpHelper = true;
  var options = script.dataset;
  var chatUrl = new URL("chat", script.src);
  var chatOrigin = chatUrl.origin;
  var label = options.label || "ITB pump questions";
  var title = CLINIC.team_name + ": pump helper";

  var host = document.createElement("div");
  host.setAttribute("data-itb-pump-helper", "");
  var root = host.attachShadow ? host.attachShadow({mode: "open"}) : host;
  var CSS = [
    ":host { all: initial; }",
    ".launcher, .panel { position: fixed; z-index: 2147483000; font: 16px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }",
    ".launcher { bottom: 16px; right: 16px; min-height: 48px; padding: 10px 18px 10px 14px; border: 2px solid #fff; border-radius: 24px;",
    "  background: #0b3d6b; color: #fff; font-weight: 700; cursor: pointer; box-shadow: 0 2px 10px rgba(0,0,0,.35); }",
    ".launcher::before { content: ''; display: inline-block; width: 14px; height: 12px; margin-right: 8px; border-radius: 3px;",
    "  background: currentColor; vertical-align: -1px; }",
    ".left .launcher, .left .panel { right: auto; left: 16px; }",
    ".launcher:focus-visible, .close:focus-visible, iframe:focus-visible, .fallback a:focus-visible { outline: 3px solid #0b3d6b; outline-offset: 2px; }",
    ".launcher:focus-visible { outline-color: #0b3d6b; box-shadow: 0 0 0 3px #fff; }",
    ".panel { bottom: 80px; right: 16px; width: 380px; height: min(640px, calc(100vh - 96px)); display: flex; flex-direction: column;",
    "  background: #f4f6f8; color: #1a1a1a; border-radius: 12px; overflow: hidden; box-shadow: 0 4px 24px rgba(0,0,0,.35); }",
    ".panel[hidden] { display: none; }",
    ".bar { display: flex; align-items: center; gap: 8px; padding: 4px 4px 4px 14px; background: #0b3d6b; color: #fff; }",
    ".bar .title { flex: 1; margin: 0; font-size: 1rem; font-weight: 700; }",
    ".close { min-width: 44px; min-height: 44px; font-size: 1.6rem; line-height: 1; background: transparent; color: #fff;",
    "  border: 0; border-radius: 22px; cursor: pointer; }",
    ".close:focus-visible { outline-color: #fff; outline-offset: -4px; }",
    ".body { position: relative; flex: 1; }",
    ".fallback { position: absolute; inset: 0; overflow-y: auto; padding: 16px; background: #fff; }",
    ".fallback p { margin: 0 0 12px; }",
    ".fallback .urgent { color: #7a0016; font-weight: 700; }",
    ".fallback a { color: #0b3d6b; font-weight: 700; }",
    "iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; background: #f4f6f8; }",
    "iframe.waiting { visibility: hidden; }",
    // A phone: the chat takes the whole screen (the launcher is under it; the bar's close button goes back).
    "@media (max-width: 480px), (max-height: 480px) {",
    "  .panel, .left .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }",
    "}"
  ].join("\n");
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function" && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function call(number) { return el("a", {href: "tel:" + number}, [number]); }

  var wrapper = el("div", {class: options.position === "left" ? "left" : "right"});
  var launcher = el("button", {type: "button", class: "launcher", "aria-expanded": "false",
                               "aria-controls": "itb-panel", "aria-haspopup": "dialog"}, [label]);
  var close = el("button", {type: "button", class: "close", "aria-label": "Close the chat"}, ["\u00d7"]);
  var state = el("p", {class: "state", role: "status"}, ["Opening the chat\u2026"]);
  // The clinic's numbers, under the frame: seen while it loads, and whenever it cannot.
  var fallback = el("div", {class: "fallback"}, [
    state,
    el("p", {class: "urgent"}, ["Child struggling to breathe, very hard to wake or having a seizure? Call ",
                                call(CLINIC.emergency_number), " now."]),
    el("p", {}, ["The " + CLINIC.team_name + ": ", call(CLINIC.daytime_number), " (daytime), ",
                 call(CLINIC.after_hours_number), " (after hours)."])
  ]);
  var body = el("div", {class: "body"}, [fallback]);
  var panel = el("section", {class: "panel", id: "itb-panel", role: "dialog", "aria-modal": "false",
                             "aria-label": title, hidden: ""},
                 [el("div", {class: "bar"}, [el("p", {class: "title"}, [title]), close]), body]);
  wrapper.appendChild(launcher);
  wrapper.appendChild(panel);
  root.appendChild(wrapper);

  var frame = null, loaded = false, timer = null;
  function load() {
    // Made on first open, never before: a page visitor who never opens the chat costs the server nothing.
    frame = el("iframe", {src: chatUrl.href, title: title + " chat", class: "waiting",
                          referrerpolicy: "no-referrer"});
    body.appendChild(frame);
    timer = window.setTimeout(function () {
      if (!loaded) {
        state.textContent = "The chat could not be loaded. Please call:";
        host.dataset.state = "failed";
      }
    }, LOAD_TIMEOUT_MS);
  }
  // The chat page says when it runs ("ready"), and asks to be closed (Escape). It says nothing else: no
  // health data crosses to the host page.
  window.addEventListener("message", function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== chatOrigin) { return; }
    var what = event.data && event.data.itbPumpHelper;
    if (what === "ready") {
      loaded = true;
      window.clearTimeout(timer);
      frame.classList.remove("waiting");
      host.dataset.state = "ready";
    } else if (what === "close") {
      toggle(false);
    }
  });

  function toggle(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      if (!frame) { load(); }
      (loaded ? frame : close).focus();
    } else {
      launcher.focus();
    }
  }
  launcher.addEventListener("click", function () { toggle(panel.hidden); });
  close.addEventListener("click", function () { toggle(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { toggle(false); }
  });

  function attach() {
    document.body.appendChild(host);
    if (options.open === "true") { toggle(true); }
  }
  if (document.body) { attach(); } else { document.addEventListener("DOMContentLoaded", attach); }
})();
