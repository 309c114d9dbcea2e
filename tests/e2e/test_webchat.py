"""The web chat page in a real browser (headless Chromium, Debian's, driven by Playwright) and the socket.io
server as a standard client sees it."""

import asyncio
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests
import socketio
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import ARTIFACTS, TOKEN, websocket_upgrade_status
from triage.clinic import load_clinic

pytestmark = pytest.mark.servers
PHONE = {"width": 390, "height": 844}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, servers):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{servers.url}/webhooks/webchat/chat")
    expect(page.locator("body[data-connected=true]")).to_have_count(1, timeout=20000)
    yield page
    context.close()


def say(page, text):
    page.fill("#message", text)
    page.keyboard.press("Enter")


def say_and_wait(page, text):
    """Sends a message and waits for the next bot bubble."""
    bubbles = page.locator(".msg.bot").count()
    say(page, text)
    expect(page.locator(".msg.bot")).not_to_have_count(bubbles, timeout=20000)


def contrast_on_white(css_color):
    """WCAG contrast ratio of an rgb() colour against white."""

    def luminance(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(x) for x in re.findall(r"\d+", css_color)[:3])
    return 1.05 / (0.2126 * luminance(red) + 0.7152 * luminance(green) + 0.0722 * luminance(blue) + 0.05)


def in_view(page, selector):
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_a_red_flag_shows_the_emergency_banner_with_a_tap_to_call_link(page):
    say(page, "my son is breathing really slowly and I cannot wake him")
    banner = page.locator("#emergency[role=alert]")
    expect(banner).to_be_visible(timeout=20000)
    expect(page.locator("#emergency-call")).to_have_attribute("href", "tel:911")
    expect(page.locator(".msg.bot").first).to_contain_text("EMERGENCY")
    page.screenshot(path=str(ARTIFACTS / "emergency-phone.png"), full_page=True)


def test_the_emergency_stays_in_view_until_the_family_closes_it(page):
    clinic = load_clinic()
    say_and_wait(page, "the pump is beeping")
    say(page, "my son is breathing really slowly and I cannot wake him")
    expect(page.locator("#emergency")).to_be_visible(timeout=20000)
    urgent = page.locator(".msg.bot.urgent")  # the EMERGENCY bubble stands out
    expect(urgent).to_have_count(1)
    expect(urgent).to_contain_text("EMERGENCY")
    assert urgent.evaluate("li => getComputedStyle(li.querySelector('p')).borderTopColor") != page.locator(
        ".msg.bot"
    ).first.evaluate("li => getComputedStyle(li.querySelector('p')).borderTopColor")
    expect(urgent.locator("a").first).to_have_attribute("href", f"tel:{clinic.emergency_number}")
    for i in range(15):
        say_and_wait(page, f"and what about the refill, question {i}")
    page.wait_for_timeout(500)
    assert in_view(page, "#emergency") and in_view(page, "#emergency-call") and in_view(page, ".always a.call")
    newest, composer = page.locator(".msg").last.bounding_box(), page.locator("#composer").bounding_box()
    assert newest["y"] + newest["height"] <= composer["y"] + 1  # not under the input bar
    page.screenshot(path=str(ARTIFACTS / "emergency-pinned-phone.png"))
    page.click("#emergency-close")
    expect(page.locator("#emergency")).to_be_hidden()
    expect(page.locator("body.pinned")).to_have_count(0)
    expect(urgent).to_be_visible()  # the reply itself stays in the conversation


def test_an_emergency_gives_a_summary_to_show_and_print_at_the_hospital(page):
    say(page, "my son is breathing really slowly and I cannot wake him")
    expect(page.locator("#summary-bar")).to_be_visible(timeout=20000)
    page.click("#summary-open")
    summary = page.locator("#summary")
    expect(summary).to_be_visible()
    expect(summary.locator("h3")).to_contain_text(["Time", "Advice given", "Signs the family reported"])
    expect(summary).to_contain_text("very hard to wake")
    expect(summary).to_contain_text("Withdrawal can look like sepsis")
    clinic = load_clinic()
    expect(summary.locator(f"a[href='tel:{clinic.after_hours_number}']")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "summary-phone.png"))
    page.emulate_media(media="print")  # printed: the summary alone
    assert page.locator("#log").is_hidden() and page.locator("#pinned").is_hidden()
    expect(summary.locator("#summary-print")).to_be_hidden()
    page.emulate_media(media="screen")
    page.click("#summary-close")
    expect(summary).to_be_hidden()
    page.reload()  # the newest summary is kept with the conversation
    expect(page.locator("#summary-bar")).to_be_visible(timeout=20000)


def test_screening_buttons_work_and_the_conversation_survives_a_reload(page):
    say(page, "the pump is beeping")
    no_button = page.get_by_role("button", name="No", exact=True).last
    expect(no_button).to_be_visible(timeout=20000)
    expect(page.locator(".msg.bot").last).to_contain_text("breathing")
    no_button.focus()
    page.keyboard.press("Enter")  # reachable and usable by keyboard
    expect(page.locator(".msg.bot").last).to_contain_text("fever", timeout=20000)
    page.screenshot(path=str(ARTIFACTS / "screening-phone.png"), full_page=True)
    page.reload()
    expect(page.locator(".msg.user").first).to_have_text("You: the pump is beeping")
    expect(page.locator(".msg.bot").last).to_contain_text("fever")
    expect(page.get_by_role("button", name="No", exact=True).first).to_be_disabled()  # an old question's button
    page.get_by_role("button", name="No", exact=True).last.click()  # the same session goes on after reload
    expect(page.locator(".msg.bot").last).to_contain_text("stiffer", timeout=20000)


@pytest.mark.parametrize(
    "clock, number",
    [
        (datetime(2025, 3, 11, 10, 0, tzinfo=ZoneInfo("America/Chicago")), "555-0100"),  # a Tuesday, open
        (datetime(2025, 3, 15, 11, 0, tzinfo=ZoneInfo("America/Chicago")), "555-0199"),  # a Saturday, closed
    ],
    ids=["tuesday-10am", "saturday-11am"],
)
def test_same_day_dials_the_team_number_that_answers_at_the_page_s_clock(browser, servers, clock, number):
    """config/clinic.yml: open on weekdays in Chicago time; the page's clock is fixed, the server's is not."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(clock)
    page.goto(f"{servers.url}/webhooks/webchat/chat")
    expect(page.locator("body[data-connected=true]")).to_have_count(1, timeout=20000)
    say(page, "the pump is beeping")
    for _ in range(12):
        expect(page.get_by_role("button", name="No", exact=True).last).to_be_visible(timeout=20000)
        if page.locator("#same-day").is_visible():
            break
        page.get_by_role("button", name="No", exact=True).last.click()
        page.wait_for_timeout(400)
    expect(page.locator("#same-day")).to_be_visible(timeout=20000)
    expect(page.locator("#team-call")).to_have_attribute("href", f"tel:{number}")
    expect(page.locator("#team-call")).to_have_text(number)
    context.close()


def test_a_message_typed_before_the_connection_is_ready_is_still_sent(browser, servers):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{servers.url}/webhooks/webchat/chat", wait_until="domcontentloaded")
    say(page, "she just had a seizure")  # no wait for the socket
    expect(page.locator("#emergency[role=alert]")).to_be_visible(timeout=20000)
    context.close()


def test_text_is_never_rendered_as_html(page):
    say(page, "<img src=x onerror=\"document.body.dataset.pwned='1'\"><b>bold</b>")
    expect(page.locator(".msg.user").last).to_contain_text("<b>bold</b>")
    page.wait_for_timeout(1500)
    assert page.locator(".msg img, .msg b").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None


def test_a_cut_connection_shows_the_offline_banner_within_3_s_in_view(page):
    clinic = load_clinic()
    for i in range(8):  # long enough that the top has scrolled away
        say_and_wait(page, f"a question about the refill, number {i}")
        if page.evaluate("window.scrollY") > 400:
            break
    page.route("**/socket.io/**", lambda route: route.abort())  # no 'offline' event: only the socket stalls
    started = time.monotonic()
    expect(page.locator("#offline")).to_be_visible(timeout=10000)
    assert time.monotonic() - started < 3
    assert in_view(page, "#offline")
    hrefs = page.locator("#offline a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"tel:{clinic.emergency_number}", f"tel:{clinic.after_hours_number}"]
    page.screenshot(path=str(ARTIFACTS / "offline-phone.png"))


def test_a_tab_that_knows_only_another_tab_s_session_id_gets_a_conversation_of_its_own(page, browser, servers):
    say(page, "the pump is beeping")
    expect(page.locator(".msg.bot").last).to_contain_text("breathing", timeout=20000)
    theirs = page.evaluate("sessionStorage.getItem('itb-session')")
    assert page.evaluate("sessionStorage.getItem('itb-session-key')")  # the proof a reload sends
    context = browser.new_context(viewport=PHONE)
    other = context.new_page()
    other.add_init_script(f"sessionStorage.setItem('itb-session', '{theirs}')")  # the id, not the key
    other.goto(f"{servers.url}/webhooks/webchat/chat")
    expect(other.locator("body[data-connected=true]")).to_have_count(1, timeout=20000)
    assert other.evaluate("sessionStorage.getItem('itb-session')") != theirs
    say(other, "she just had a seizure")
    expect(other.locator("#emergency")).to_be_visible(timeout=20000)
    page.wait_for_timeout(1500)
    expect(page.locator("#emergency")).to_be_hidden()  # nothing reached the first tab
    assert not any("EMERGENCY" in text for text in page.locator(".msg.bot").all_inner_texts())
    context.close()


def test_focus_returns_to_the_input_after_each_answer(page):
    say(page, "the pump is beeping")
    expect(page.locator("#message")).to_be_focused()
    no_button = page.get_by_role("button", name="No", exact=True).last
    expect(no_button).to_be_visible(timeout=20000)
    no_button.click()
    expect(page.locator("#message")).to_be_focused()


def test_focus_rings_stand_out_on_white(page):
    expect(page.locator("#composer")).to_have_css("background-color", "rgb(255, 255, 255)")
    page.focus("#message")
    for name in ("message", "send"):
        focused = page.locator(":focus-visible")
        assert focused.evaluate("e => e.id || e.textContent.trim().toLowerCase()") == name
        assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        assert contrast_on_white(focused.evaluate("e => getComputedStyle(e).outlineColor")) >= 3
        page.keyboard.press("Tab")


def test_each_message_is_announced_with_its_speaker(page):
    log = page.locator("#log")
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    say_and_wait(page, "the pump is beeping")
    expect(page.locator(".msg.user").first).to_have_text("You: the pump is beeping")
    assert page.locator(".msg.bot").first.text_content().startswith("Assistant: ")
    speaker = page.locator(".msg.bot").first.locator(".visually-hidden").bounding_box()
    assert speaker["width"] <= 1 and speaker["height"] <= 1  # heard, not seen
    assert "You: the pump is beeping" in log.aria_snapshot()


def test_at_200_percent_zoom_send_stays_on_screen_and_the_pinned_banner_fits(browser, servers):
    context = browser.new_context(viewport={"width": 195, "height": 422}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{servers.url}/webhooks/webchat/chat")
    expect(page.locator("body[data-connected=true]")).to_have_count(1, timeout=20000)
    say(page, "she just had a seizure")
    expect(page.locator("#emergency")).to_be_visible(timeout=20000)
    page.wait_for_timeout(1000)
    send = page.locator("#composer button").bounding_box()
    assert send["x"] >= 0 and send["x"] + send["width"] <= 195 and in_view(page, "#composer button")
    assert in_view(page, "#emergency-call")
    page.evaluate("window.scrollTo(0, 0)")
    header, pinned = page.locator("header.top").bounding_box(), page.locator("#pinned").bounding_box()
    assert header["height"] + pinned["height"] <= 422
    page.screenshot(path=str(ARTIFACTS / "emergency-zoom-200.png"))
    context.close()


def test_replies_sent_while_the_connection_was_down_arrive_after_it_comes_back(page, servers):
    say_and_wait(page, "the pump is beeping")
    expect(page.locator(".msg.bot").last).to_contain_text("breathing", timeout=20000)
    shown = page.locator(".msg.bot").count()
    polls, down = [], []

    def network(route):
        if down:  # the connection has dropped
            return route.abort()
        if route.request.method == "GET" and "sid=" in route.request.url:
            polls.append(route.request.url)  # the page still sends, but every poll comes back empty
            return route.fulfill(status=200, content_type="text/plain; charset=UTF-8", body="6")
        return route.continue_()

    page.route("**/socket.io/**", network)
    deadline = time.monotonic() + 10
    while not polls and time.monotonic() < deadline:  # the poll already under way has come back
        page.wait_for_timeout(100)
    say(page, "my son is breathing really slowly and I cannot wake him")
    conversation = "webchat:" + page.evaluate("sessionStorage.getItem('itb-session')")
    deadline = time.monotonic() + 30
    while not any(
        "EMERGENCY" in (event.get("text") or "")
        for event in requests.get(
            f"{servers.url}/conversations/{conversation}/tracker", params={"token": TOKEN}, timeout=10
        ).json()["events"]
    ):
        assert time.monotonic() < deadline, "the server did not answer the red flag"
        page.wait_for_timeout(300)
    page.wait_for_timeout(500)
    expect(page.locator("#emergency")).to_be_hidden()  # sent, but never reached the page
    down.append(True)
    expect(page.locator("#offline")).to_be_visible(timeout=10000)
    page.unroute("**/socket.io/**")  # and comes back
    expect(page.locator("#emergency")).to_be_visible(timeout=20000)
    expect(page.locator(".msg.bot.urgent")).to_have_count(1)
    expect(page.locator("#offline")).to_be_hidden()
    page.wait_for_timeout(1000)
    bots = page.locator(".msg.bot").all_inner_texts()
    assert len(bots[:shown]) == shown and len(set(bots)) == len(bots), bots  # nothing shown twice


def test_the_page_works_where_session_storage_throws(browser, servers):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script("""Object.defineProperty(window, 'sessionStorage', {
        get() { throw new DOMException('storage is blocked here', 'SecurityError'); }});""")
    page.goto(f"{servers.url}/webhooks/webchat/chat")
    expect(page.locator("body[data-connected=true]")).to_have_count(1, timeout=20000)
    say(page, "she just had a seizure")
    expect(page.locator("#emergency")).to_be_visible(timeout=20000)
    context.close()


def test_a_standard_socketio_client_settles_on_polling_without_a_request_storm(servers):
    """python-socketio's client with its default transports (polling, then a websocket upgrade)."""
    assert websocket_upgrade_status(servers.url, origin=servers.url) == 400  # refused, not a 500 after 101

    async def chat():
        client, sent, session, replies = socketio.AsyncClient(reconnection=False), [], {}, []
        send_request = client.eio._send_request

        async def counted(method, url, *args, **kwargs):
            sent.append(method)
            return await send_request(method, url, *args, **kwargs)

        client.eio._send_request = counted
        client.on("session_confirm", session.update)
        client.on("bot_uttered", replies.append)
        await client.connect(servers.url, headers={"Origin": servers.url}, wait_timeout=10)
        await client.emit("session_request", {})
        await wait_until(lambda: session, 10)
        sent.clear()
        await asyncio.sleep(20)
        idle, transport = len(sent), client.transport()
        await client.emit("user_uttered", {"message": "she just had a seizure", "session_id": session["session_id"]})
        await wait_until(lambda: any("EMERGENCY" in (m.get("text") or "") for m in replies), 30)
        await client.disconnect()
        return idle, transport

    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API holds this thread's event loop
        idle, transport = thread.submit(asyncio.run, chat()).result()
    assert transport == "polling" and idle * 3 < 100, (transport, idle)  # requests a minute, idle


async def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)
