"""Defensive text handling for reports: escaping, secret masking, safe links, safe inline JSON.

Everything shown in a report comes from specs and API responses we do not control, and the JSON
may have been written by an older or buggier engine; so the renderers mask secrets again and
escape everything themselves instead of trusting the producer.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import orjson

MASK = "[masked]"

# Header-style secrets: the whole value after the name goes, whatever scheme it uses.
_HEADER_SECRET = re.compile(
    r"(?i)((?:proxy-)?authorization|apisecretaccesskey|apiaccesskeyid|x-api-key|cookie|set-cookie)"
    r"([\"']?\s*[:=]\s*[\"']?)([^'\"\r\n]+)"
)
# Scheme tokens wherever they appear ("Bearer abc.def", "Basic dXNlcjpw").
_SCHEME_TOKEN = re.compile(r"(?i)\b(bearer|basic)(\s+)(?!\[masked\])([A-Za-z0-9._~+/=-]{4,})")
# key=value, key: value and "key": "value" for keys that only ever hold secrets.
_KEY_SECRET = re.compile(
    r"(?i)([\w-]*(?:client[_-]?secret|access[_-]?token|refresh[_-]?token|id[_-]?token|password|passwd"
    r"|api[_-]?key|secret[_-]?access[_-]?key)[\"']?\s*[:=]\s*[\"']?)(?!\[masked\])([^\"'&\s,;}]+)"
)
# Bare JWTs (three base64url parts, the first starting with '{"' encoded).
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
# Credentials inside URLs: scheme://user:password@host
_URL_CREDENTIALS = re.compile(r"(?i)\b(https?://)([^/\s:@]+):([^/\s@]+)@")


# Every pattern above needs one of these words; most strings have none and skip the five passes.
_TRIGGER = re.compile(r"(?i)auth|bearer|basic|secret|token|passw|api|cookie|eyJ|://")


@lru_cache(maxsize=65536)
def mask_secrets(text: str) -> str:
    """Replace anything that looks like a credential with `[masked]`; idempotent."""
    if not text or not _TRIGGER.search(text):
        return text
    text = _HEADER_SECRET.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
    text = _SCHEME_TOKEN.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
    text = _KEY_SECRET.sub(lambda m: m.group(1) + MASK, text)
    text = _JWT.sub(MASK, text)
    return _URL_CREDENTIALS.sub(lambda m: m.group(1) + m.group(2) + ":" + MASK + "@", text)


def _valid_utf8(value: str) -> str:
    """Lone surrogates (legal in JSON escapes, not in UTF-8) become U+FFFD instead of crashing a write."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def mask_deep(value: Any) -> Any:
    """A copy of a JSON value with every string (values and keys) passed through `mask_secrets`."""
    if isinstance(value, str):
        return mask_secrets(_valid_utf8(value))
    if isinstance(value, dict):
        return {mask_secrets(_valid_utf8(str(k))): mask_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_deep(v) for v in value]
    return value


def esc(value: object) -> str:
    """HTML-escape any value for element text or a quoted attribute (U+2028/9 as references too)."""
    out = html.escape("" if value is None else str(value), quote=True)
    return out.replace("\u2028", "&#8232;").replace("\u2029", "&#8233;") if ("\u2028" in out or "\u2029" in out) else out


def safe_href(url: object) -> str | None:
    """The URL if it is a plain absolute http(s) link, else None (javascript:, data:, relative…)."""
    if not isinstance(url, str) or not url or len(url) > 2048:
        return None
    if any(ord(ch) < 0x21 or ch in "\"'<>`\\" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def json_for_script(value: Any) -> str:
    """JSON that is safe inside an HTML <script> data block: no `</script>`, no `<!--`, no U+2028/9."""
    text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def csp_hash(source: str) -> str:
    """The CSP source expression ('sha256-…') that allows exactly this inline block."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def text(value: object, default: str = "") -> str:
    """A display string for a JSON value of unknown type (None and containers handled)."""
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return orjson.dumps(value).decode("utf-8")


def num(value: object) -> int:
    """An int from a JSON value of unknown type; anything unusable counts as 0."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value:
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return 0


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
