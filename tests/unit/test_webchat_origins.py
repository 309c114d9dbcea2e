"""The web chat's one allow-list of sites (WEBCHAT_ALLOWED_ORIGINS): parsed strictly, and the same list
gives the socket's origins and the chat page's CSP frame-ancestors."""
import pytest

from channels.webchat import WebChatInput, page_headers, parse_origins


def test_origins_are_read_from_a_comma_or_space_separated_setting_or_a_list():
    assert parse_origins("https://www.example-hospital.org, http://localhost:5005 https://b.example:8443/") == \
        ["https://www.example-hospital.org", "http://localhost:5005", "https://b.example:8443"]
    assert parse_origins(["https://A.example", "https://a.example"]) == ["https://a.example"]
    assert parse_origins("") == [] and parse_origins(None) == []


@pytest.mark.parametrize("bad", ["*", "https://*.example.org", "www.example.org", "https://a.example/chat",
                                 "https://a.example;script-src *", "'unsafe-inline'", "javascript:alert(1)",
                                 "https://a.example'", "null", "ftp://a.example"])
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
