"""One family's conversation over the real REST channel, as a channel client would hold it."""

import uuid
from typing import Any, Dict, List, Optional

import requests


class RestConversation:
    def __init__(self, url: str, prefix: str = "eval", token: Optional[str] = None):
        self.url, self.token = url.rstrip("/"), token
        self.sender = f"{prefix}-{uuid.uuid4().hex[:12]}"

    def send(self, text: str, reply_to: Optional[str] = None) -> List[Dict[str, Any]]:
        body: Dict[str, Any] = {"sender": self.sender, "message": text}
        if reply_to:
            body["metadata"] = {"reply_to": reply_to}
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json=body, headers=headers, timeout=60)
        response.raise_for_status()
        return response.json()
