"""An HTTP proxy in front of the test provider. Passes everything through, except that a test can
set `tamper` to alter the ID token the token endpoint returns (re-signed with the provider's own
key where the point is a wrong claim, not a wrong signature)."""

import base64
import http.client
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt
from joserfc.jwk import KeySet

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(token: str) -> tuple[dict, dict]:
    header, payload, _ = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
    )


class TokenTamper:
    """What to do to the next ID tokens: None passes them through."""

    def __init__(self, keys: dict) -> None:
        self.keys = KeySet.import_key_set(keys)
        self.mode: str | None = None
        self.issued: list[str] = []  # every ID token the provider issued, unaltered

    def _resign(self, header: dict, claims: dict) -> str:
        key = self.keys.get_by_kid(header["kid"])
        return jwt.encode({"alg": header["alg"], "kid": header["kid"]}, claims, key)

    def apply(self, token: str) -> str:
        self.issued.append(token)
        header, claims = _claims(token)
        now = int(time.time())
        match self.mode:
            case None:
                return token
            case "bad_signature":
                head, payload, signature = token.split(".")
                flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
                return f"{head}.{payload}.{flipped}"
            case "wrong_audience":
                return self._resign(header, {**claims, "aud": "another-application"})
            case "wrong_issuer":
                return self._resign(header, {**claims, "iss": "https://elsewhere.example/v2.0"})
            case "expired":
                return self._resign(header, {**claims, "iat": now - 7200, "exp": now - 3600})
            case "alg_none":
                head = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
                return f"{head}.{_b64(json.dumps(claims).encode())}."
            case "replay":
                return self.issued[0]  # the first token issued, from an earlier sign-in
        raise ValueError(f"unknown tamper mode {self.mode!r}")


class Proxy:
    def __init__(self, upstream_port: int, tamper: TokenTamper) -> None:
        self.upstream_port = upstream_port
        self.tamper = tamper
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Proxy":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                headers["X-Forwarded-Proto"] = "http"
                headers["X-Forwarded-Host"] = self.headers.get("Host", "")
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=30)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    data = response.read()
                except OSError:
                    self.send_error(502, "test provider not reachable")
                    return
                finally:
                    conn.close()
                if self.path.startswith("/token") and response.status == 200:
                    document = json.loads(data)
                    if "id_token" in document:
                        document["id_token"] = proxy.tamper.apply(document["id_token"])
                    data = json.dumps(document).encode()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in HOP_HEADERS:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_HEAD = _forward

        return Handler
