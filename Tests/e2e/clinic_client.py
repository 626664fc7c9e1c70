# SPDX-License-Identifier: Apache-2.0
"""A tiny HTTP client for the clinic server: sign in through the web form, create an API token,
and call the JSON API. Standard library only."""
import http.cookiejar
import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from conftest import stepwise_binary


def add_user(store_args: list[str], organization: str, email: str, password: str, role: str = "clinician") -> None:
    """`stepwise user add` with the password on standard input."""
    subprocess.run(
        [stepwise_binary(), "user", "add", *store_args, "--organization", organization, "--email", email, "--role", role],
        input=password + "\n", text=True, check=True, capture_output=True)


class Browserless:
    """Cookie-keeping web client."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict) -> str:
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=data, timeout=30) as response:
            return response.read().decode()

    @staticmethod
    def csrf(page: str) -> str:
        match = re.search(r'name="_csrf" value="([^"]+)"', page)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def sign_in(self, email: str, password: str) -> None:
        page = self.get("/login")
        self.post("/login", {"_csrf": self.csrf(page), "email": email, "password": password, "next": "/"})

    def create_token(self) -> str:
        page = self.get("/account/tokens")
        result = self.post("/account/tokens", {"_csrf": self.csrf(page), "name": "test"})
        match = re.search(r'<code id="new-token">([^<]+)</code>', result)
        assert match, "token not shown"
        return match.group(1)


def api(base: str, token: str, method: str, path: str, body=None, headers: dict | None = None):
    """Returns (status, headers, parsed JSON or text)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, dict(response.headers), (json.loads(text) if text.startswith(("{", "[")) else text)
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, dict(error.headers), (json.loads(text) if text.startswith("{") else text)
