"""Credentials for real tenants: OAuth2 client credentials, a static bearer token, basic, none.

OAuth2 reads `ZUORA_CLIENT_ID` / `ZUORA_CLIENT_SECRET`; the token URL is the base URL +
`/oauth/token` unless `--token-url` / `$ZUORA_TOKEN_URL` says otherwise. Tokens are refreshed
shortly before they expire and once more when the API answers 401. Every secret is registered
with the run's `SecretRegistry` so no report ever shows it.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from typing import Protocol

import requests

from contracts._engine._errors import AuthError
from contracts._engine._secrets import SecretRegistry

REFRESH_MARGIN_SECONDS = 60.0
AUTH_KINDS = ("oauth2", "bearer", "basic", "none")


class Auth(Protocol):
    kind: str

    def header(self) -> str | None:
        """The Authorization header value to send, or None."""

    def refresh(self) -> bool:
        """Called after a 401: get fresh credentials; True if a retry may succeed."""


class NoAuth:
    kind = "none"

    def header(self) -> str | None:
        return None

    def refresh(self) -> bool:
        return False


class BearerAuth:
    kind = "bearer"

    def __init__(self, token: str, secrets: SecretRegistry) -> None:
        self._token = token
        secrets.add(token)

    def header(self) -> str | None:
        return f"Bearer {self._token}"

    def refresh(self) -> bool:
        return False


class BasicAuth:
    kind = "basic"

    def __init__(self, user: str, password: str, secrets: SecretRegistry) -> None:
        encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
        self._value = f"Basic {encoded}"
        secrets.add(password)
        secrets.add(encoded)

    def header(self) -> str | None:
        return self._value

    def refresh(self) -> bool:
        return False


class OAuth2ClientCredentials:
    """Client-credentials grant with proactive refresh and one forced refresh per 401."""

    kind = "oauth2"

    def __init__(self, token_url: str, client_id: str, client_secret: str, secrets: SecretRegistry, *, timeout: float = 30.0) -> None:
        self.token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._secrets = secrets
        self._timeout = timeout
        self._token: str | None = None
        self._expires_at = 0.0
        self._lifetime = 0.0
        self._lock = threading.Lock()
        self.fetches = 0
        secrets.add(client_secret)

    def _fetch(self) -> None:
        try:
            response = requests.post(
                self.token_url,
                data={"grant_type": "client_credentials", "client_id": self._client_id, "client_secret": self._client_secret},
                headers={"Accept": "application/json"},
                timeout=self._timeout,
            )
        except requests.RequestException as exc:
            raise AuthError(f"token endpoint {self.token_url} unreachable: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise AuthError(
                f"token endpoint {self.token_url} refused the client credentials (HTTP {response.status_code}); "
                "check ZUORA_CLIENT_ID / ZUORA_CLIENT_SECRET"
            )
        try:
            payload = response.json()
            token = str(payload["access_token"])
        except (ValueError, KeyError, TypeError):
            raise AuthError(f"token endpoint {self.token_url} answered without an access_token") from None
        expires_in = payload.get("expires_in", 3600)
        try:
            lifetime = float(expires_in)
        except (TypeError, ValueError):
            lifetime = 3600.0
        self._secrets.add(token)
        self._token = token
        self._expires_at = time.monotonic() + lifetime
        self._lifetime = lifetime
        self.fetches += 1

    def header(self) -> str | None:
        with self._lock:
            left = self._expires_at - time.monotonic()
            if self._token is None or left < min(REFRESH_MARGIN_SECONDS, self._lifetime * 0.1):
                self._fetch()
            return f"Bearer {self._token}"

    def refresh(self) -> bool:
        with self._lock:
            self._fetch()
        return True


def make_auth(
    kind: str | None,
    base_url: str,
    secrets: SecretRegistry,
    *,
    token_url: str | None = None,
    credentials: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> Auth:
    """Build the configured auth; `kind=None` picks from the environment (oauth2, bearer, else none)."""
    env = dict(os.environ)
    if credentials:
        env["ZUORA_CLIENT_ID"] = credentials["client_id"]
        env["ZUORA_CLIENT_SECRET"] = credentials["client_secret"]
    if kind is None:
        if env.get("ZUORA_CLIENT_ID") and env.get("ZUORA_CLIENT_SECRET"):
            kind = "oauth2"
        elif env.get("ZUORA_BEARER_TOKEN"):
            kind = "bearer"
        else:
            kind = "none"
    if kind == "oauth2":
        client_id, client_secret = env.get("ZUORA_CLIENT_ID"), env.get("ZUORA_CLIENT_SECRET")
        if not client_id or not client_secret:
            raise AuthError("--auth=oauth2 needs ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET in the environment")
        url = token_url or env.get("ZUORA_TOKEN_URL") or base_url.rstrip("/") + "/oauth/token"
        return OAuth2ClientCredentials(url, client_id, client_secret, secrets, timeout=timeout)
    if kind == "bearer":
        token = env.get("ZUORA_BEARER_TOKEN")
        if not token:
            raise AuthError("--auth=bearer needs ZUORA_BEARER_TOKEN in the environment")
        return BearerAuth(token, secrets)
    if kind == "basic":
        user, password = env.get("ZUORA_USERNAME"), env.get("ZUORA_PASSWORD")
        if not user or not password:
            raise AuthError("--auth=basic needs ZUORA_USERNAME and ZUORA_PASSWORD in the environment")
        return BasicAuth(user, password, secrets)
    if kind == "none":
        return NoAuth()
    raise AuthError(f"--auth={kind!r} is not one of {', '.join(AUTH_KINDS)}")
