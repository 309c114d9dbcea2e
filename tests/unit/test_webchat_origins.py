"""The web chat's one allow-list of sites (WEBCHAT_ALLOWED_ORIGINS): parsed strictly, and the same list
gives the socket's origins and the chat page's CSP frame-ancestors. The loader (web/widget.js) as served."""

import json
import re
import shutil
import subprocess

import pytest

import channels.webchat as webchat
from channels.webchat import WebChatInput, page_headers, parse_origins


def test_origins_are_read_from_a_comma_or_space_separated_setting_or_a_list():
    assert parse_origins("https://www.example-hospital.org, http://localhost:5005 https://b.example:8443/") == [
        "https://www.example-hospital.org",
        "http://localhost:5005",
        "https://b.example:8443",
    ]
    assert parse_origins(["https://A.example", "https://a.example"]) == ["https://a.example"]
    assert parse_origins("") == [] and parse_origins(None) == []


@pytest.mark.parametrize(
    "bad",
    [
        "*",
        "https://*.example.org",
        "www.example.org",
        "https://a.example/chat",
        "https://a.example;script-src *",
        "'unsafe-inline'",
        "javascript:alert(1)",
        "https://a.example'",
        "null",
        "ftp://a.example",
    ],
)
def test_anything_but_an_origin_is_left_out_and_logged(bad, caplog):
    assert parse_origins(f"https://ok.example,{bad}") == ["https://ok.example"]
    assert "left out" in caplog.text


def test_the_chat_page_may_be_framed_by_itself_and_the_allowed_sites_only():
    csp = page_headers(["https://www.example-hospital.org", "http://localhost:5005"])["Content-Security-Policy"]
    assert csp.endswith("; frame-ancestors 'self' https://www.example-hospital.org http://localhost:5005")
    assert "script-src 'self'" in csp
    assert page_headers([])["Content-Security-Policy"].endswith("frame-ancestors 'self'")


def test_the_channel_takes_the_list_from_its_credentials():
    channel = WebChatInput.from_credentials({"allowed_origins": "https://www.example-hospital.org,*"})
    assert channel.allowed_origins == ["https://www.example-hospital.org"]


class FakeClinic:
    def placeholders(self):
        return {
            "team_name": "Team </script><b>",
            "daytime_number": "555-0100",
            "after_hours_number": "555-0199",
            "emergency_number": "112",
        }


def test_the_loader_gets_the_clinic_s_numbers_from_the_server_never_its_own(monkeypatch):
    source = (webchat.WEB_DIR / "widget.js").read_text()
    assert "/*{{clinic}}*/null" in source
    assert not re.search(r"\b(911|112|999)\b|555-\d{4}", source)  # no number written in the loader
    monkeypatch.setattr(webchat, "load_clinic", lambda: FakeClinic())
    rendered = webchat.render_widget()
    written = re.search(r"var CLINIC = (\{.*?\});", rendered).group(1)
    assert json.loads(written) == FakeClinic().placeholders()
    assert "<" not in written  # cannot end an inlined script
    if shutil.which("node"):
        checked = subprocess.run(["node", "--check"], input=rendered, text=True, capture_output=True)
        assert checked.returncode == 0, checked.stderr
