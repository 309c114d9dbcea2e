"""A crashed server is restarted by supervisord (scripts/serve.sh) while the other one stays up.

kill -9 of the action server: a red flag right after still gets the emergency reply from the same Rasa
server, and within seconds the action server is back and families get normal replies again. kill -9 of
the Rasa server: it is restarted and answers again once its model is loaded, with the same action server.
"""

import os
import signal
import subprocess
from pathlib import Path

import pytest

from harness.servers import answers, wait_until
from tests.e2e.conftest import ROOT, TOKEN, Servers

pytestmark = pytest.mark.servers

RASA_PORT, ACTION_PORT = 5705, 5755  # this module's own server set


def texts(replies):
    return " ".join(r.get("text") or "" for r in replies)


class Supervised(Servers):
    """The server set, and supervisord's view of it through this run's own control socket."""

    def ctl(self, *args: str) -> str:
        """supervisorctl on this run's own config (serve.sh's per-run directory under LOG_DIR)."""
        configs = list(self.tmp.glob("supervisor.*/supervisord.conf"))
        assert len(configs) == 1, f"no supervisord of this run: {configs}"
        return subprocess.run(
            [str(ROOT / ".venv" / "bin" / "supervisorctl"), "-c", str(configs[0]), *args],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout

    def pid(self, program: str) -> int:
        """The pid of a server started by this serve.sh (0 while it is not running), found in /proc among
        serve.sh's descendants: other server sets may run on this machine."""
        marker = {"actions": "scripts/action_server.py", "rasa": "rasa run"}[program]
        parents, commands = {}, {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
                    argv = (entry / "cmdline").read_bytes().split(b"\0")
                except (OSError, ValueError):
                    continue
                parents[int(entry.name)] = int(parent)
                if state != "Z" and not argv[0].endswith(b"bash") and marker.encode() in b" ".join(argv):
                    commands[int(entry.name)] = argv
        found = []
        for pid in commands:
            ancestor = parents.get(pid)
            while ancestor and ancestor != self.process.pid:
                ancestor = parents.get(ancestor)
            if ancestor == self.process.pid:
                found.append(pid)
        assert len(found) <= 1, found
        return found[0] if found else 0

    def wait_for_new_pid(self, program: str, old: int, seconds: float) -> int:
        def restarted() -> bool:
            return self.pid(program) not in (0, old)

        assert wait_until(restarted, seconds), f"{program} was not restarted within {seconds} s:\n{self.logs()[-3000:]}"
        return self.pid(program)

    def wait_for_port(self, port: int, seconds: float) -> None:
        assert wait_until(lambda: answers(f"http://127.0.0.1:{port}/health"), seconds), (
            f"nothing answered on {port} within {seconds} s"
        )

    def wait_for_status(self, seconds: float) -> None:
        assert wait_until(
            lambda: answers(f"{self.url}/status", token=TOKEN), seconds, self.process, self.tmp / "serve.out"
        ), f"the Rasa server did not answer within {seconds} s:\n{self.ctl('status')}"


@pytest.fixture(scope="module")
def supervised(tmp_path_factory):
    servers = Supervised(tmp_path_factory.mktemp("supervisor"), rasa_port=RASA_PORT, action_port=ACTION_PORT)
    servers.start()
    yield servers
    servers.stop()


@pytest.mark.reliability("faults", "Action server crash: restarted, Rasa keeps answering")
def test_a_killed_action_server_is_restarted_and_rasa_keeps_answering(supervised):
    actions, rasa = supervised.pid("actions"), supervised.pid("rasa")
    assert actions and rasa
    os.kill(actions, signal.SIGKILL)
    replies = supervised.say("sup-red-flag", "my son is breathing really slowly and I cannot wake him")
    assert replies[0]["text"].startswith("EMERGENCY: call 911")  # Rasa sends utter_emergency itself
    assert supervised.pid("rasa") == rasa
    assert supervised.process.poll() is None  # serve.sh did not give up

    restarted = supervised.wait_for_new_pid("actions", actions, 30)
    supervised.wait_for_port(ACTION_PORT, 30)
    replies = supervised.say("sup-after", "the pump is beeping")
    body = texts(replies)
    assert "cannot assess" not in body
    question = next((r for r in reversed(replies) if r.get("buttons")), None)
    assert question or "555-0199" in body, replies  # a screening question or advice
    assert supervised.pid("actions") == restarted and supervised.pid("rasa") == rasa
    assert supervised.ctl("pid", "actions").split() == [str(restarted)]  # the one supervisord watches
    assert "actions (terminated by SIGKILL" in (supervised.tmp / "supervisord.log").read_text()


@pytest.mark.reliability("faults", "Rasa server crash: restarted, action server untouched")
def test_a_killed_rasa_server_is_restarted_with_the_same_action_server(supervised):
    actions, rasa = supervised.pid("actions"), supervised.pid("rasa")
    assert actions and rasa
    os.kill(rasa, signal.SIGKILL)
    restarted = supervised.wait_for_new_pid("rasa", rasa, 30)
    supervised.wait_for_status(180)  # loading the model takes a while
    replies = supervised.say("sup-after-rasa", "she is having a seizure")
    assert replies[0]["text"].startswith("EMERGENCY: call 911")
    replies = supervised.say("sup-after-rasa-2", "the pump is beeping")
    assert "cannot assess" not in texts(replies) and any(r.get("buttons") for r in replies)
    assert supervised.pid("rasa") == restarted and supervised.pid("actions") == actions
    assert supervised.process.poll() is None


@pytest.mark.reliability("faults", "Stopping make run stops every process")
def test_stopping_serve_sh_stops_every_process_it_started(supervised):
    pids = [supervised.pid("actions"), supervised.pid("rasa")]
    supervisord = int(next(supervised.tmp.glob("supervisor.*/supervisord.pid")).read_text())
    supervised.stop()
    assert supervised.process.returncode is not None
    for pid in pids + [supervisord]:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text(), pid
    assert not list(supervised.tmp.glob("supervisor.*"))  # config and socket removed
