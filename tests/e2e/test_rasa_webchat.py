"""rasa-webchat 1.0.1 (npm `rasa-webchat`, the widget most Rasa deployments use) on a hospital's own page,
against this server, in Chromium. The page is served from another site (http://localhost:<port>, while the
chat server is http://127.0.0.1:<port>) and loads the widget's UMD bundle from tests/e2e/rasa_webchat/
(installed by scripts/install.sh, for the tests only), with the settings the README gives a clinic."""

import json
import os
import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, RASA_PORT, RED_FLAG, ROOT, embedded_servers, host_site, screenshot
from tests.e2e.test_webchat import PHONE, browser  # noqa: F401 - the shared Chromium fixture
from triage.clinic import load_clinic

pytestmark = pytest.mark.servers
RWC_OFFSET = 6  # a server set of its own: its allow-list
CLINIC_PORT = RASA_PORT + 7
CLINIC = f"http://localhost:{CLINIC_PORT}"
BUNDLE = ROOT / "tests/e2e/rasa_webchat/node_modules/rasa-webchat/lib/index.js"
FONTS = "https://fonts.googleapis.com/**"  # rasa-webchat's CSS imports its font from there
# How long the idle page is watched; RASA_WEBCHAT_IDLE_SECONDS=60 measures requests a minute (README).
IDLE_SECONDS = float(os.environ.get("RASA_WEBCHAT_IDLE_SECONDS", "15"))

# has_text=EMERGENCY would also match "the emergency card" (Playwright ignores case in strings)
EMERGENCY = re.compile("EMERGENCY")
SHOWN = "() => [...document.querySelectorAll('.rw-response')].some(m => m.textContent.includes('%s'))"
# The settings the README gives a clinic (section "Channels"), with the clinic's numbers and this server.
CHAT = """<script src="/rasa-webchat/index.js"></script>
<script>
  WebChat.default({
    socketUrl: "%(server)s",
    socketPath: "/socket.io/",
    title: "ITB pump helper",
    subtitle: "Emergency? Call %(emergency)s",
    inputTextFieldHint: "Type your question",
    connectingText: "Not connected. Emergency? Call %(emergency)s",
    connectOn: "open",
    withRules: false,
    hideWhenNotConnected: false,
    customMessageDelay: function () { return 0; },
    params: {storage: "session"}
  }, null);
</script>"""


@pytest.fixture(scope="module")
def clinic_server(tmp_path_factory):
    assert BUNDLE.exists(), f"{BUNDLE} is missing: run scripts/install.sh"
    with embedded_servers(tmp_path_factory.mktemp("rasa-webchat"), RWC_OFFSET, CLINIC) as servers:
        chat = CHAT % {"server": servers.url, "emergency": load_clinic().emergency_number}
        with host_site(CLINIC_PORT, chat, {"/rasa-webchat/index.js": (BUNDLE, "text/javascript")}):
            yield servers


class Watched:
    """A phone-sized page of the hospital's site, and what it does: its errors, its socket.io requests,
    the bot messages the server sent it (from the poll responses) and when each arrived."""

    def __init__(self, browser):  # noqa: F811 - the fixture imported above
        self.context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        self.page, self.errors, self.requests, self.websockets, self.fonts = self.context.new_page(), [], [], [], []
        self.sent = []  # (arrival time, message) of every bot_uttered
        self.page.route(FONTS, self.font)  # no network here: answered empty, so the page logs no error
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", lambda r: self.requests.append(r.url) if "/socket.io/" in r.url else None)
        self.page.on("response", self.response)
        self.page.on("websocket", lambda socket: self.websockets.append(socket.url))

    def font(self, route):
        self.fonts.append(route.request.url)
        route.fulfill(status=200, content_type="text/css", body="")

    def response(self, response):
        if "/socket.io/" not in response.url or response.request.method != "GET" or not response.ok:
            return
        try:
            body = response.body().decode()
        except PlaywrightError:  # the page closed while a poll was open
            return
        for packet in body.split("\x1e"):
            if packet.startswith("42"):
                event, *data = json.loads(packet[2:])
                if event == "bot_uttered":
                    self.sent.append((time.monotonic(), data[0]))

    def texts_sent(self):
        return [message["text"] for _, message in self.sent if "text" in message]

    def shown(self):
        return [text.strip() for text in self.page.locator(".rw-response .rw-message-text").all_inner_texts()]

    def say(self, text):
        self.page.locator(".rw-new-message").fill(text)
        self.page.locator(".rw-new-message").press("Enter")


def test_rasa_webchat_on_a_hospital_page_shows_the_emergency_at_once_and_an_idle_page_stays_quiet(
    browser,  # noqa: F811
    clinic_server,
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    clinic, watched = load_clinic(), Watched(browser)
    page = watched.page
    page.goto(CLINIC)
    launcher = page.locator(".rw-launcher")
    expect(launcher).to_be_visible(timeout=10000)
    page.wait_for_timeout(2000)
    assert watched.requests == []  # connectOn "open": a visitor who never opens the chat costs nothing
    launcher.click()
    expect(page.locator(".rw-header")).to_contain_text(f"Emergency? Call {clinic.emergency_number}")
    expect(page.locator(".rw-loading")).to_have_count(0, timeout=10000)  # connected
    watched.say(RED_FLAG)
    page.wait_for_function(SHOWN % "EMERGENCY", polling="raf", timeout=30000)  # checked every frame
    shown_at = time.monotonic()
    emergency = page.locator(".rw-response", has_text=EMERGENCY)
    expect(emergency).to_have_count(1)
    arrived_at = next(at for at, message in watched.sent if "EMERGENCY" in message.get("text", ""))
    assert shown_at - arrived_at < 1, shown_at - arrived_at  # no typing delay (rasa-webchat's default: 3 s)
    expect(emergency).to_contain_text(f"call {clinic.emergency_number}")
    page.wait_for_timeout(1000)  # the rest of the reply
    texts = watched.texts_sent()
    assert any("not a doctor" in text for text in texts)
    assert any("custom" in message for _, message in watched.sent)  # sent, and shown as nothing
    assert watched.shown() == texts  # every text, in order, and nothing else (no "undefined" bubble)
    screenshot(page, "rasa-webchat-emergency-phone.png")

    watched.requests.clear()
    page.wait_for_timeout(IDLE_SECONDS * 1000)
    idle = len(watched.requests)
    print(f"rasa-webchat, idle: {idle} requests in {IDLE_SECONDS:g} s ({idle * 60 / IDLE_SECONDS:.0f} a minute)")
    # one poll and one pong for each 2 s ping: IDLE_SECONDS requests, not the 10,104 a minute of a websocket
    # upgrade that fails; and some, so the connection is alive
    assert IDLE_SECONDS / 4 <= idle <= IDLE_SECONDS * 1.5 + 3, idle
    assert watched.websockets == [] and all("transport=polling" in url for url in watched.requests)
    assert watched.fonts  # the one request to another site: see the README
    assert watched.errors == []
    watched.context.close()


def test_rasa_webchat_says_when_it_is_not_connected_and_comes_back(browser, clinic_server):  # noqa: F811
    clinic, watched = load_clinic(), Watched(browser)
    page = watched.page
    page.goto(CLINIC)
    page.locator(".rw-launcher").click()
    expect(page.locator(".rw-loading")).to_have_count(0, timeout=10000)
    page.route("**/socket.io/**", lambda route: route.abort())  # the connection drops
    loading = page.locator(".rw-loading")
    expect(loading).to_have_text(f"Not connected. Emergency? Call {clinic.emergency_number}", timeout=5000)
    expect(page.locator(".rw-new-message")).to_be_disabled()
    chat = page.locator(".rw-conversation-container")
    expect(chat).to_be_visible()  # hideWhenNotConnected: false; rasa-webchat's default removes the whole chat
    screenshot(page, "rasa-webchat-offline-phone.png")
    page.unroute("**/socket.io/**")
    expect(loading).to_have_count(0, timeout=20000)
    watched.say(RED_FLAG)
    expect(page.locator(".rw-response", has_text=EMERGENCY)).to_have_count(1, timeout=30000)
    expect(chat).to_be_visible()
    watched.context.close()
