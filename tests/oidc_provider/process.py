"""Start the test provider as its own node process on a free port, with its keys, users and one
client (Casebook) written to files; the proxy in front of it is the issuer Casebook sees."""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from joserfc.jwk import RSAKey

from tests.oidc_provider.proxy import Proxy, TokenTamper

HERE = Path(__file__).resolve().parent
CLIENT_ID = "casebook-test"
CLIENT_SECRET = "test-only-client-secret-0123456789"
PASSWORD = "directory password 1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def signing_key(kid: str) -> dict:
    key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
    return key.as_dict(private=True)


def _node() -> str:
    node = shutil.which("node")
    installed = (HERE / "node_modules" / "oidc-provider").is_dir()
    if node and installed:
        return node
    problem = "node is not installed" if not node else "tests/oidc_provider has no node_modules"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{problem} (CI=true: the provider tests may not be skipped; run make test)")
    pytest.skip(f"{problem}: `make test` installs the test provider")


class Directory:
    """The test directory: users (edit with `set_user`), its signing keys, and its process."""

    def __init__(self, tmp: Path, redirect_uri: str, post_logout_uri: str) -> None:
        self.tmp = tmp
        self.port = free_port()
        self.keys = {"keys": [signing_key("key-1")]}
        self.tamper = TokenTamper(self.keys)
        self.proxy = Proxy(self.port, self.tamper).start()
        self.issuer = f"http://127.0.0.1:{self.proxy.port}"
        self.users: dict[str, dict] = {}
        self.client = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [redirect_uri],
            "post_logout_redirect_uris": [post_logout_uri],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
        }
        self.process: subprocess.Popen | None = None

    def set_user(self, username: str, **fields) -> dict:
        user = self.users.setdefault(
            username,
            {
                "username": username,
                "password": PASSWORD,
                "sub": f"sub-{username}-{len(self.users)}",
                "name": username.title(),
                "email": f"{username}@justice.example",
                "groups": [],
                "roles": [],
                "disabled": False,
            },
        )
        user.update(fields)
        self._write("users.json", self.users)
        return user

    def _write(self, name: str, data) -> Path:
        path = self.tmp / name
        path.write_text(json.dumps(data))
        return path

    def start(self) -> "Directory":
        node = _node()
        env = {
            **os.environ,
            "PORT": str(self.port),
            "ISSUER": self.issuer,
            "KEYS_FILE": str(self._write("keys.json", self.keys)),
            "USERS_FILE": str(self._write("users.json", self.users)),
            "CLIENT_FILE": str(self._write("client.json", self.client)),
            "NODE_ENV": "test",
        }
        log = (self.tmp / "provider.log").open("ab")
        self.process = subprocess.Popen(
            [node, str(HERE / "server.mjs")], env=env, cwd=HERE, stdout=log, stderr=log
        )
        deadline = time.monotonic() + 20
        url = f"{self.issuer}/.well-known/openid-configuration"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"test provider exited: {self.log()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"test provider did not start: {self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def rotate_keys(self) -> str:
        """A new signing key (served first) and a restart, as a directory rotating its keys."""
        kid = f"key-{len(self.keys['keys']) + 1}"
        self.keys = {"keys": [signing_key(kid)]}
        self.tamper.keys = TokenTamper(self.keys).keys
        self.stop()
        self.start()
        return kid

    def log(self) -> str:
        path = self.tmp / "provider.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def close(self) -> None:
        self.stop()
        self.proxy.stop()
