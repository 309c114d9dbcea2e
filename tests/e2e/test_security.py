"""Who may reach what: socket.io only from configured origins, the action server only from this machine."""
import pytest
import requests

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


def test_the_action_server_listens_on_loopback_only(servers):
    assert listening_addresses(servers.action_port) == ["0100007F"]          # 127.0.0.1, nothing else


def test_socketio_accepts_only_the_configured_origins(servers):
    handshake = f"{servers.url}/socket.io/?EIO=4&transport=polling"
    assert requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=10).status_code == 400
    assert requests.get(handshake, headers={"Origin": f"http://localhost:{servers.rasa_port}"}, timeout=10).ok
