"""The widget on a hospital's own page, in Chromium: a host page served from another site (a second local
HTTP server, http://localhost:<port>, while the chat server is http://127.0.0.1:<port>) adds the loader with
one script tag; the launcher opens the chat in a frame; a red flag gets the EMERGENCY reply there. A host
not on WEBCHAT_ALLOWED_ORIGINS cannot frame the chat, and its visitors see the clinic's numbers instead."""

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, RASA_PORT, RED_FLAG, embedded_servers, host_site, screenshot
from tests.e2e.test_webchat import PHONE, browser  # noqa: F401 - the shared Chromium fixture
from triage.clinic import load_clinic

pytestmark = pytest.mark.servers
WIDGET_OFFSET = 3  # a server set of its own: its allow-list
WIDGET_RASA_PORT = RASA_PORT + WIDGET_OFFSET
HOSPITAL_PORT, OTHER_PORT = RASA_PORT + 4, RASA_PORT + 5
HOSPITAL, OTHER = f"http://localhost:{HOSPITAL_PORT}", f"http://localhost:{OTHER_PORT}"
WIDGET = '<script src="{server}/webhooks/webchat/widget.js" data-label="Pump questions? Chat" async></script>'


@pytest.fixture(scope="module")
def widget_server(tmp_path_factory):
    with embedded_servers(tmp_path_factory.mktemp("widget"), WIDGET_OFFSET, HOSPITAL) as servers:
        chat = WIDGET.format(server=servers.url)
        with host_site(HOSPITAL_PORT, chat), host_site(OTHER_PORT, chat):
            yield servers


@pytest.fixture
def context(browser, widget_server):  # noqa: F811 - the fixture imported above
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context
    context.close()


def widget(page):
    return {
        "launcher": page.locator("[data-itb-pump-helper] .launcher"),
        "panel": page.locator("[data-itb-pump-helper] .panel"),
        "close": page.locator("[data-itb-pump-helper] .close"),
        "fallback": page.locator("[data-itb-pump-helper] .fallback"),
        "chat": page.frame_locator("[data-itb-pump-helper] iframe"),
    }


def say(chat, text):
    chat.locator("#message").fill(text)
    chat.locator("#message").press("Enter")


def test_the_widget_on_a_hospital_page_opens_the_chat_and_shows_an_emergency(context):
    page = context.new_page()
    page.goto(HOSPITAL)
    parts = widget(page)
    expect(parts["launcher"]).to_have_text("Pump questions? Chat")
    expect(parts["launcher"]).to_have_attribute("aria-expanded", "false")
    assert page.locator("iframe").count() == 0  # nothing loads until a family opens it
    for _ in range(10):  # keyboard: Tab reaches the launcher
        page.keyboard.press("Tab")
        if parts["launcher"].evaluate("b => b.getRootNode().activeElement === b"):
            break
    page.keyboard.press("Enter")
    expect(parts["panel"]).to_be_visible()
    expect(parts["launcher"]).to_have_attribute("aria-expanded", "true")
    frame = page.locator("[data-itb-pump-helper] iframe")
    expect(frame).to_have_attribute("title", f"{load_clinic().team_name}: pump helper chat")
    expect(page.locator("[data-itb-pump-helper][data-state=ready]")).to_have_count(1, timeout=20000)
    panel = parts["panel"].bounding_box()  # a phone: the chat takes the whole screen
    assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, PHONE["width"], PHONE["height"])
    chat = parts["chat"]
    expect(chat.locator("body[data-connected=true]")).to_have_count(1, timeout=20000)
    say(chat, "the pump is beeping")
    expect(chat.locator(".msg.bot").last).to_contain_text("breathing", timeout=20000)
    say(chat, RED_FLAG)
    expect(chat.locator("#emergency[role=alert]")).to_be_visible(timeout=20000)
    expect(chat.locator(".msg.bot.urgent")).to_contain_text("EMERGENCY")
    expect(chat.locator("#emergency-call")).to_have_attribute("href", f"tel:{load_clinic().emergency_number}")
    page.wait_for_timeout(500)
    screenshot(page, "widget-emergency-phone.png")

    chat.locator("#message").press("Escape")  # Escape in the chat closes the frame
    expect(parts["panel"]).to_be_hidden()
    assert parts["launcher"].evaluate("b => b.getRootNode().activeElement === b")
    parts["launcher"].click()  # and the conversation is still there
    expect(chat.locator(".msg.bot.urgent")).to_have_count(1)
    parts["close"].click()
    expect(parts["panel"]).to_be_hidden()


def test_the_widget_on_a_desktop_page(browser, widget_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1100, "height": 760})
    page = context.new_page()
    page.goto(HOSPITAL)
    parts = widget(page)
    parts["launcher"].click()
    expect(page.locator("[data-itb-pump-helper][data-state=ready]")).to_have_count(1, timeout=20000)
    expect(parts["chat"].locator("body[data-connected=true]")).to_have_count(1, timeout=20000)
    panel = parts["panel"].bounding_box()
    assert panel["width"] == 380 and panel["x"] + panel["width"] < 1100 and panel["y"] > 0  # beside the page
    say(parts["chat"], "when is the next refill due?")
    expect(parts["chat"].locator(".msg.bot")).not_to_have_count(0, timeout=20000)
    page.wait_for_timeout(500)
    screenshot(page, "widget-host-page.png")
    context.close()


def test_a_site_not_on_the_allow_list_cannot_frame_the_chat_and_shows_the_numbers(context, widget_server):
    clinic = load_clinic()
    csp = requests.get(f"{widget_server.url}/webhooks/webchat/chat", timeout=10).headers["Content-Security-Policy"]
    assert (
        f"frame-ancestors 'self' http://127.0.0.1:{WIDGET_RASA_PORT} http://localhost:{WIDGET_RASA_PORT} {HOSPITAL}"
        in csp
    )
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "frame-ancestors" in message.text else None)
    page.goto(OTHER)
    parts = widget(page)
    parts["launcher"].click()
    expect(parts["fallback"]).to_contain_text("could not be loaded", timeout=15000)
    links = parts["fallback"].locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == [
        f"tel:{clinic.emergency_number}",
        f"tel:{clinic.daytime_number}",
        f"tel:{clinic.after_hours_number}",
    ]
    expect(page.locator("[data-itb-pump-helper] iframe")).to_be_hidden()  # no browser error page instead
    chats = [frame for frame in page.frames if frame != page.main_frame]
    assert chats and all(frame.locator("#log").count() == 0 for frame in chats), [f.url for f in chats]
    assert any("blocked" in text and OTHER not in text for text in refused), refused  # the browser says why
    screenshot(page, "widget-refused-phone.png")


def test_the_socket_and_cors_follow_the_same_allow_list(widget_server):
    handshake = f"{widget_server.url}/socket.io/?EIO=4&transport=polling"
    opened = requests.get(handshake, headers={"Origin": HOSPITAL}, timeout=10)
    assert opened.ok
    assert opened.headers.get("Access-Control-Allow-Origin") == HOSPITAL  # once: browsers refuse a repeated one
    assert requests.get(handshake, headers={"Origin": OTHER}, timeout=10).status_code == 400
    allowed = requests.get(f"{widget_server.url}/", headers={"Origin": HOSPITAL}, timeout=10)
    assert allowed.headers.get("Access-Control-Allow-Origin") == HOSPITAL
    other = requests.get(f"{widget_server.url}/", headers={"Origin": OTHER}, timeout=10)
    assert other.headers.get("Access-Control-Allow-Origin") is None


def test_the_numbers_show_when_the_chat_page_or_its_socket_library_cannot_load(context):
    clinic = load_clinic()
    page = context.new_page()
    page.route("**/webhooks/webchat/chat", lambda route: route.abort())  # the server went down
    page.goto(HOSPITAL)
    widget(page)["launcher"].click()
    expect(widget(page)["fallback"]).to_contain_text(f"Call {clinic.emergency_number} now", timeout=2000)
    expect(widget(page)["fallback"]).to_contain_text("could not be loaded", timeout=15000)
    other = context.new_page()
    other.route("**/static/socket.io.min.js", lambda route: route.abort())
    other.goto(HOSPITAL)
    widget(other)["launcher"].click()
    chat = widget(other)["chat"]
    expect(chat.locator("#offline")).to_be_visible(timeout=20000)  # the page's own banner
    expect(chat.locator("#offline a").first).to_have_attribute("href", f"tel:{clinic.emergency_number}")
    expect(other.locator("[data-itb-pump-helper][data-state=ready]")).to_have_count(1)
