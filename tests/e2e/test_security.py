"""Who may reach what: socket.io only from configured origins, a web chat session only from the tab it was
given to, the action server only from this machine."""

import re
import time

import pytest
import requests
import socketio

from tests.e2e.conftest import TOKEN, websocket_upgrade_status

pytestmark = pytest.mark.servers


def listening_addresses(port: int):
    """Local addresses (hex, as the kernel writes them) of the sockets listening on this TCP port."""
    addresses = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:
                    addresses.append(address)
    return addresses


@pytest.mark.reliability("security", "Action server listens on loopback only")
def test_the_action_server_listens_on_loopback_only(servers):
    assert listening_addresses(servers.action_port) == ["0100007F"]  # 127.0.0.1, nothing else


@pytest.mark.reliability("security", "socket.io accepts only configured origins")
def test_socketio_accepts_only_the_configured_origins(servers):
    handshake = f"{servers.url}/socket.io/?EIO=4&transport=polling"
    assert requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=10).status_code == 400
    assert requests.get(handshake, headers={"Origin": f"http://localhost:{servers.rasa_port}"}, timeout=10).ok


@pytest.mark.reliability("security", "socket.io refuses a connection without an Origin")
def test_socketio_refuses_a_connection_without_an_origin(servers):
    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio.Client(reconnection=False).connect(servers.url, transports=["polling"], wait_timeout=3)
    base = f"{servers.url}/socket.io/?EIO=4&transport=polling"

    def handshake(**headers):
        response = requests.get(base, headers=headers, timeout=10)
        assert response.ok
        return f"{base}&sid=" + re.search(r'"sid":"([^"]+)"', response.text).group(1)

    # a browser's same-origin handshake GET has no Origin: the CONNECT packet it then POSTs must name one
    assert requests.post(handshake(), data="40", timeout=10).status_code == 400
    assert (
        requests.post(handshake(), data="40", headers={"Origin": "https://evil.example"}, timeout=10).status_code == 400
    )
    assert requests.post(handshake(), data="40", headers={"Origin": servers.url}, timeout=10).ok
    assert requests.post(handshake(Origin=servers.url), data="40", timeout=10).ok  # python-socketio's clients
    assert websocket_upgrade_status(servers.url) == 400
    assert requests.get(base, headers={"Sec-Fetch-Site": "cross-site"}, timeout=10).status_code == 400
    assert requests.get(f"{base}&j=0", timeout=10).status_code == 400  # JSONP: a script tag's GET


class Tab:
    """One web chat tab, as a socket.io client from an allowed origin (what chat.js does)."""

    def __init__(self, url):
        self.client, self.session, self.received = socketio.Client(reconnection=False), {}, []
        self.client.on(
            "session_confirm",  # Rasa's own server confirms with the bare id
            lambda data: self.session.update(data if isinstance(data, dict) else {"session_id": data}),
        )
        self.client.on("bot_uttered", lambda data: self.received.append(data))
        self.client.connect(url, transports=["polling"], headers={"Origin": url}, wait_timeout=5)

    def request_session(self, **data):
        self.session.clear()
        self.client.emit("session_request", data)
        wait_for(lambda: self.session.get("session_id"))
        return dict(self.session)

    def say(self, text, session_id=None):
        self.client.emit("user_uttered", {"message": text, "session_id": session_id or self.session["session_id"]})

    def texts(self):
        return " ".join(m.get("text") or "" for m in self.received)

    def close(self):
        self.client.disconnect()


def wait_for(condition, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def webchat_texts(servers, session_id):
    tracker = requests.get(
        f"{servers.url}/conversations/webchat:{session_id}/tracker", params={"token": TOKEN}, timeout=10
    ).json()
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


@pytest.fixture
def tabs(servers):
    opened = []

    def open_tab():
        opened.append(Tab(servers.url))
        return opened[-1]

    yield open_tab
    for tab in opened:
        tab.close()


@pytest.mark.reliability("security", "Web chat: a session id without its key joins nothing")
def test_a_session_id_without_its_key_joins_nothing(servers, tabs):
    family, other = tabs(), tabs()
    session = family.request_session(session_id=None)
    for attempt in (
        {"session_id": session["session_id"]},
        {"session_id": session["session_id"], "session_key": "0" * 64},
        {"session_id": session["session_id"], "session_key": session.get("session_key", "")[:-1]},
    ):
        assert other.request_session(**attempt)["session_id"] != session["session_id"]  # a new session instead
    assert re.fullmatch(r"[0-9a-f]{32}", session["session_id"]) and session["session_key"]
    family.say("the pump is beeping")
    wait_for(lambda: "breathing" in family.texts())
    other.say("she is not breathing", session_id=session["session_id"])  # posting in it
    wait_for(lambda: "not connected to a conversation" in other.texts())
    time.sleep(2)
    assert all("not connected" in m.get("text", "") for m in other.received)  # none of its replies
    assert "EMERGENCY" not in family.texts() and "not connected" not in family.texts()
    assert webchat_texts(servers, session["session_id"]) == ["the pump is beeping"]


@pytest.mark.reliability("security", "Web chat: id and key resume the conversation")
def test_a_session_id_and_its_key_resume_the_conversation(servers, tabs):
    first = tabs()
    session = first.request_session()
    first.say("the pump is beeping")
    wait_for(lambda: "breathing" in first.texts())
    first.close()
    reloaded = tabs()  # a reload: a new socket, same tab storage
    assert reloaded.request_session(**session) == session
    reloaded.say("she just had a seizure")
    wait_for(lambda: "EMERGENCY" in reloaded.texts())
    assert webchat_texts(servers, session["session_id"]) == ["the pump is beeping", "she just had a seizure"]


@pytest.mark.reliability("security", "Web chat: a session id the server did not make is refused")
def test_a_session_id_the_server_did_not_make_is_refused(servers, tabs):
    tab = tabs()
    chosen = "family-chosen-id"
    session = tab.request_session(session_id=chosen, session_key="anything")
    assert session["session_id"] != chosen and re.fullmatch(r"[0-9a-f]{32}", session["session_id"])
    tab.say("the pump is beeping", session_id=chosen)
    wait_for(lambda: "not connected to a conversation" in tab.texts())
