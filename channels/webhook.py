"""What the channels that answer over plain HTTP share: a blueprint with Rasa's usual health route."""

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse


def webhook_blueprint(name: str) -> Blueprint:
    """A blueprint whose GET / answers {"status": "ok"} (GET /webhooks/<channel>/), like Rasa's channels."""
    blueprint = Blueprint(name, __name__)

    @blueprint.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return blueprint
