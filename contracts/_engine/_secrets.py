"""Secret masking: every string that leaves the engine (reports, curl lines, messages) passes here.

Known secrets (tokens we obtained, the client secret, basic passwords) are registered as they
appear and replaced wherever they occur; well-known secret carriers (Authorization headers,
`access_token` fields, `client_secret=` form fields) are masked by shape as well.
"""

from __future__ import annotations

import re
import threading

MASK = "[masked]"
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "apikey", "api-key",
     "x-auth-token", "apiaccesskeyid", "apisecretaccesskey"}
)
_SHAPES = [
    re.compile(r'("(?:access_token|refresh_token|id_token|client_secret|password|token)"\s*:\s*")([^"]*)(")', re.I),
    re.compile(r"((?:access_token|refresh_token|client_secret|password)=)([^&\s'\"]+)()", re.I),
    re.compile(r"((?:Authorization|Proxy-Authorization)\s*:\s*)([^\r\n'\"]+)()", re.I),
    re.compile(r"(\b(?:Bearer|Basic)\s+)(?!realm\b)([A-Za-z0-9._~+/=-]{4,})()"),
]


class SecretRegistry:
    """Known secret values for one run; `mask` removes them and secret-shaped values from text."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        if value and len(value) >= 4:
            with self._lock:
                self._values.add(value)

    def mask(self, text: str) -> str:
        if not text:
            return text
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, MASK)
        for shape in _SHAPES:
            text = shape.sub(lambda m: f"{m.group(1)}{MASK}{m.group(3)}", text)
        return text

    def mask_headers(self, headers: dict[str, str]) -> dict[str, str]:
        return {k: (MASK if k.lower() in SECRET_HEADERS else self.mask(str(v))) for k, v in headers.items()}
