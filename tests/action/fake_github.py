"""A local fake of the slice of GitHub's REST API the action uses (issue comments), served
on 127.0.0.1 so the action's own shell steps talk to it over real HTTP.

Shapes follow GitHub's documented endpoints: `GET /repos/{owner}/{repo}/issues/{n}/comments`
(paginated with `per_page` and `page`), `POST` to the same path, and
`PATCH /repos/{owner}/{repo}/issues/comments/{id}`; a request without the expected bearer
token gets GitHub's 401 body."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

LIST = re.compile(r"^/repos/([^/]+)/([^/]+)/issues/(\d+)/comments$")
ONE = re.compile(r"^/repos/([^/]+)/([^/]+)/issues/comments/(\d+)$")


@dataclass
class FakeGitHub:
    token: str
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    """id -> {id, issue, body, user}."""
    requests: list[tuple[str, str]] = field(default_factory=list)
    next_id: int = 1000
    url: str = ""

    def on_issue(self, issue: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["issue"] == issue]

    def add(self, issue: int, body: str, user: str) -> dict[str, Any]:
        self.next_id += 1
        comment = {"id": self.next_id, "issue": issue, "body": body, "user": {"login": user}}
        self.comments[self.next_id] = comment
        return comment


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _authorized(self) -> bool:
            if self.headers.get("Authorization") == f"Bearer {fake.token}":
                return True
            self._send(401, {"message": "Bad credentials", "status": "401"})
            return False

        def _payload(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            data = json.loads(self.rfile.read(length) or b"{}")
            assert isinstance(data, dict)
            return data

        def _route(self, method: str) -> None:
            url = urlparse(self.path)
            fake.requests.append((method, url.path))
            if not self._authorized():
                return
            listing, one = LIST.match(url.path), ONE.match(url.path)
            if listing and method == "GET":
                query = parse_qs(url.query)
                per_page = int(query.get("per_page", ["30"])[0])
                page = int(query.get("page", ["1"])[0])
                items = fake.on_issue(int(listing.group(3)))
                self._send(200, items[(page - 1) * per_page : page * per_page])
            elif listing and method == "POST":
                body = self._payload().get("body")
                if not isinstance(body, str) or not body:
                    self._send(422, {"message": "Validation Failed"})
                    return
                self._send(201, fake.add(int(listing.group(3)), body, "github-actions[bot]"))
            elif one and method == "PATCH":
                comment = fake.comments.get(int(one.group(3)))
                if comment is None:
                    self._send(404, {"message": "Not Found"})
                    return
                comment["body"] = self._payload()["body"]
                self._send(200, comment)
            else:
                self._send(404, {"message": "Not Found"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PATCH(self) -> None:
            self._route("PATCH")

    return Handler


@contextmanager
def serve(fake: FakeGitHub) -> Iterator[FakeGitHub]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
