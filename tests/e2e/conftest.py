"""Starts the real action server and Rasa server (scripts/serve.sh) on spare ports for HTTP tests."""

import contextlib
import http.server
import os
import socket
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Dict, Optional, Tuple

import pytest
import requests
from PIL import Image

from harness.servers import answers, serve, stop, wait_until

ROOT = Path(__file__).resolve().parents[2]
# E2E_PORT moves the shared server set, so that two test runs on one machine do not meet
RASA_PORT = int(os.environ.get("E2E_PORT", "5105"))
ACTION_PORT, TOKEN = RASA_PORT + 50, "e2e-token"
TWILIO_TOKEN = "e2e-twilio-auth-token"
REST_AUTH = {"Authorization": f"Bearer {TOKEN}"}  # the REST token defaults to the HTTP API's


def websocket_upgrade_status(url: str, origin: str = "") -> int:
    """The status of a socket.io websocket upgrade request (the web chat is polling-only: 400)."""
    upgrade = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        **({"Origin": origin} if origin else {}),
    }
    return requests.get(f"{url}/socket.io/?EIO=4&transport=websocket", headers=upgrade, timeout=10).status_code


def rest_id(sender: str) -> str:
    """The conversation id of a REST sender: conversations are namespaced by channel."""
    return f"rest:{sender}"


ARTIFACTS = ROOT / "results" / "screenshots"
RED_FLAG = "my son is breathing really slowly and I cannot wake him"


def screenshot(page, name):
    """results/screenshots/<name>, with fewer colours so it stays small (docs/ holds copies of some)."""
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(colors=64).save(path, optimize=True)


HOSPITAL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intrathecal baclofen pumps | Example Children's Hospital</title>
<style>body {{ margin: 0; font: 17px/1.5 Georgia, serif; color: #222; }}
header {{ background: #2e7d5b; color: #fff; padding: 18px 24px; }} main {{ max-width: 720px; padding: 8px 24px; }}
h1 {{ margin: 0; font-size: 1.4rem; }} button {{ all: unset; }}</style></head>
<body><header><h1>Example Children's Hospital: Neurosurgery</h1></header>
<main><h2>Your child's baclofen pump</h2>
<p>An intrathecal baclofen (ITB) pump gives a small, steady dose of baclofen into the fluid around the spinal
cord. Our nurses refill it every few months in clinic.</p>
<p>Questions about the pump, a refill or an alarm? Use the pump helper at the bottom of this page, day or
night. It tells you whether to call us, and when to call an ambulance.</p>
<h2>Refill appointments</h2><p>Bring the pump card and the last refill sheet to each appointment.</p>
</main>
{chat}
</body></html>"""


@contextlib.contextmanager
def host_site(port: int, chat: str, files: Optional[Dict[str, Tuple[Path, str]]] = None):
    """A hospital's ITB page on its own origin (a plain HTTP server on another port, as
    http://localhost:<port>), with `chat`, the hospital's chat script tags, at its end; `files` maps paths
    to the local files served there too (path: (file, content type)), every other path gets the page."""
    page, files = HOSPITAL_PAGE.format(chat=chat).encode(), files or {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            path, content_type = files.get(self.path.split("?")[0], (None, "text/html; charset=utf-8"))
            body = path.read_bytes() if path else page
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def embedded_servers(tmp: Path, offset: int, *hosts: str):
    """A server set of its own (RASA_PORT + offset) for a hospital page to embed: its allow-list holds its
    own origin and `hosts`."""
    port = RASA_PORT + offset
    origins = [f"http://127.0.0.1:{port}", f"http://localhost:{port}", *hosts]
    servers = Servers(tmp, port, ACTION_PORT + offset, WEBCHAT_ALLOWED_ORIGINS=",".join(origins))
    servers.start()
    try:
        yield servers
    finally:
        servers.stop()


class Servers:
    def __init__(self, tmp: Path, rasa_port: int = RASA_PORT, action_port: int = ACTION_PORT, **extra_env: str):
        self.tmp, self.rasa_port, self.action_port, self.extra_env = tmp, rasa_port, action_port, extra_env
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.process = None

    def start(self):
        self.launch()
        self.wait_ready()

    def launch(self):
        env = dict(
            os.environ,
            RASA_PORT=str(self.rasa_port),
            ACTION_PORT=str(self.action_port),
            RASA_AUTH_TOKEN=TOKEN,
            TRACKER_DB=str(self.tmp / "tracker.db"),
            LOG_DIR=str(self.tmp),
            TWILIO_AUTH_TOKEN=TWILIO_TOKEN,
            ADDRESS_RATE_LIMIT="0",
        )  # every test talks from 127.0.0.1
        env.update(self.extra_env)
        if "MODEL" not in env:
            env["MODEL"] = subprocess.run(
                ["bash", "scripts/train.sh"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
            ).stdout.strip()
        self.process = serve(env, self.tmp / "serve.out")

    def wait_ready(self, seconds: float = 240):
        if not wait_until(
            lambda: answers(f"{self.url}/status", token=TOKEN), seconds, self.process, self.tmp / "serve.out"
        ):
            raise TimeoutError(f"the Rasa server did not answer within {seconds} s")

    def logs(self) -> str:
        """Everything the servers logged (rasa.log, actions.log, serve.out)."""
        return "\n".join(
            path.read_text(errors="replace")
            for path in sorted(self.tmp.glob("*.log")) + [self.tmp / "serve.out"]
            if path.exists()
        )

    def stop(self):
        stop(self.process)

    def say(self, sender, text):
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, headers=REST_AUTH, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender):
        response = requests.get(
            f"{self.url}/conversations/{rest_id(sender)}/tracker", params={"token": TOKEN}, timeout=10
        )
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    servers = Servers(tmp_path_factory.mktemp("servers"))
    servers.start()
    yield servers
    servers.stop()


@pytest.fixture
def sender():
    return f"e2e-{uuid.uuid4().hex[:10]}"


@contextlib.contextmanager
def hanging_server(port: int):
    """Accepts connections on a port and never answers (a hung action server)."""
    listener, held, stop = socket.create_server(("127.0.0.1", port)), [], threading.Event()
    listener.settimeout(0.2)

    def accept():
        while not stop.is_set():
            with contextlib.suppress(socket.timeout):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        listener.close()
        for connection in held:
            connection.close()
