"""Runs the action server: rasa_sdk's own app, on loopback, refusing calls that are not action calls.

rasa_sdk answers a JSON body that is not an object (or has no action name) with a 500 and a traceback
in its log; here such a call gets 400 before it reaches the executor.
    python scripts/action_server.py --port 5055   (serves the package `actions` found on the path)
"""

import argparse
import json
import logging
import os

from triage.without_tensorflow import keep_tensorflow_out

keep_tensorflow_out()  # before anything imports spaCy: the actions never use TensorFlow

from rasa_sdk import utils  # noqa: E402
from rasa_sdk.endpoint import create_app  # noqa: E402
from sanic import response  # noqa: E402
from sanic.request import Request  # noqa: E402

from triage.answers import topics  # noqa: E402
from triage.protocol import load_protocol  # noqa: E402

logger = logging.getLogger(__name__)


def malformed(request: Request) -> bool:
    if request.path != "/webhook" or request.method != "POST" or request.headers.get("Content-Encoding"):
        return False  # compressed calls come from Rasa itself and are checked by rasa_sdk
    try:
        call = json.loads(request.body or b"null")
    except ValueError:
        return True
    return (
        not isinstance(call, dict)
        or not isinstance(call.get("next_action"), str)
        or not isinstance(call.get("tracker", {}), dict)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    app = create_app("actions", cors_origins=[])
    load_protocol(), topics()  # the clinical files the actions read: a mistake stops the server here

    @app.middleware("request")
    async def refuse_malformed_calls(request: Request):
        if malformed(request):
            logger.warning("refused a malformed action call")
            return response.json({"error": "the body must be a JSON action call"}, status=400)

    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    logger.info("Action endpoint is up and running on http://%s:%s", host, args.port)
    app.run(host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
