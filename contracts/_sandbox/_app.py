"""The sandbox as a raw ASGI application: Zuora conventions around any OpenAPI 3.x spec.

One request goes: track id and header sanity -> admin routes -> rate limit -> route -> body
(size, gzip) -> auth -> idempotent replay -> validation -> faults (slow, 500, drop) -> handler
(Zuora seed behaviour or generic stateful CRUD) -> conforming body -> idempotency store ->
response faults -> Zuora headers (request id, track id echo, RateLimit-*, gzip) -> send.
Raw ASGI rather than a framework router: fewer layers per request, and full control over the
byte stream (dropped connections, malformed JSON) that fault profiles need.
"""

from __future__ import annotations

import asyncio
import base64
import email.policy
import functools
import gzip
import hashlib
import logging
import math
import re
import secrets
import uuid
import zlib
from dataclasses import dataclass, field
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl, unquote

import orjson

from contracts._sandbox._bodies import Bodies, is_json
from contracts._sandbox._clock import Clock
from contracts._sandbox._faults import FaultPlan
from contracts._sandbox._generate import Generator
from contracts._sandbox._spec import Operation, SpecIndex
from contracts._sandbox._state import Store

log = logging.getLogger("contracts.sandbox")

DEFAULT_CLIENT_ID = "5a4db0c1-5a4d-4b0c-8e1d-5a4db0c11e47"
DEFAULT_CLIENT_SECRET = "specpact-sandbox-secret"  # a public, made-up credential of the local sandbox
TRACK_ID_FORBIDDEN = frozenset(':;"\'')
OWN_HEADERS = frozenset(
    {"zuora-request-id", "zuora-track-id", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "content-encoding", "content-type", "content-length", "retry-after"}
)

# Zuora error codes: 6 digits for the object, 2 for the category (20 invalid value, 22 missing,
# 40 not found, 11 authentication, 70 limit exceeded, 90 malformed request, 60 internal).
OBJ = "500000"


class DropConnection(Exception):
    """Raised after a partial body: uvicorn then closes the connection (fault: dropped_connection)."""


class _QuietDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DropConnection)


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


@dataclass
class SandboxConfig:
    """Knobs of one sandbox (CLI flags and `start_sandbox` keywords map onto these)."""

    seed: int = 0
    rate_limit: int = 1_000_000  # requests per window
    rate_window: float = 60.0
    token_ttl: float = 3600.0
    clients: dict[str, str] = field(default_factory=lambda: {DEFAULT_CLIENT_ID: DEFAULT_CLIENT_SECRET})
    max_body: int = 1024 * 1024
    max_header_value: int = 8192
    gzip_threshold: int = 1000
    job_pending_seconds: float = 2.0
    job_processing_seconds: float = 3.0
    auth: bool = True


@dataclass
class Reply:
    status: int
    body: Any = None  # JSON-able, or bytes when raw
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    raw: bool = False
    rejection: bool = False  # an error answered as 2XX + `success: false`: never a fault target


@dataclass
class Request:
    method: str
    path: str
    query_string: str
    headers: dict[str, str]
    body: bytes
    request_id: str
    track_id: str | None
    op: Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)
    json: Any = None
    form: dict[str, str] | None = None
    authorized: bool = True

    def query_bool(self, name: str) -> bool | None:
        values = self.query.get(name)
        if not values:
            return None
        return values[-1].lower() == "true"


def zuora_error(status: int, code: str, message: str, request_id: str, *more: tuple[str, str]) -> Reply:
    reasons = [{"code": code, "message": message}, *({"code": c, "message": m} for c, m in more)]
    body = {"success": False, "processId": request_id.replace("-", "")[:16].upper(), "reasons": reasons, "requestId": request_id}
    return Reply(status=status, body=body)


class SandboxApp:
    """ASGI callable. Build with a loaded spec; `handlers` add documented Zuora behaviour."""

    def __init__(self, document: dict[str, Any], resolve: Any, *, config: SandboxConfig, store: Store, clock: Clock, plan: FaultPlan) -> None:
        from contracts._sandbox import _zuora

        paths = document.get("paths") or {}
        if "/oauth/token" not in paths:
            # Every Zuora tenant hands out tokens, whatever the served spec documents.
            document = {**document, "paths": {**paths, "/oauth/token": _zuora.TOKEN_PATH_ITEM}}
        self.index = SpecIndex(document, resolve)
        self._types: dict[int, str | None] = {}
        self.config = config
        self.store = store
        self.clock = clock
        self.plan = plan
        self.bodies = Bodies(self.index, config.seed)
        self.title = str((document.get("info") or {}).get("title", ""))
        self._window_start = 0.0
        self._window_count = 0
        self.handlers = _zuora.handlers()
        self.prechecks = _zuora.prechecks()

    # -- ASGI ------------------------------------------------------------------------------------
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        request_id = str(uuid.uuid4())
        try:
            await self._handle(scope, receive, send, request_id)
        except DropConnection:
            raise
        except Exception:  # a bug of ours: answer, never crash the connection
            log.exception("sandbox error on %s %s", scope.get("method"), scope.get("path"))
            reply = zuora_error(500, f"{OBJ}60", "Internal sandbox error", request_id)
            await self._send(send, reply, request_id, None, {}, head=False)

    async def _handle(self, scope: dict[str, Any], receive: Any, send: Any, request_id: str) -> None:
        method = str(scope["method"]).upper()
        path = str(scope.get("path") or "/")
        headers: dict[str, str] = {}
        total = 0
        too_long = None
        for raw_name, raw_value in scope.get("headers") or ():
            name = raw_name.decode("latin-1").lower()
            value = raw_value.decode("latin-1")
            total += len(raw_name) + len(raw_value)
            if len(value) > self.config.max_header_value:
                too_long = name
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        rate = self._rate_headers(consume=False)
        head = method == "HEAD"

        raw_track = headers.get("zuora-track-id")
        track_id: str | None = None
        if raw_track is not None:
            problem = _track_id_problem(raw_track)
            if problem:
                reply = zuora_error(400, f"{OBJ}20", f"Invalid Zuora-Track-Id header: {problem}", request_id)
                bad_op = self.index.match(method, path)[0]
                if bad_op is not None:
                    reply = self._document(bad_op, reply)
                    if not reply.raw:
                        self.bodies.conform_headers(bad_op, reply.status, reply.headers)
                await self._send(send, reply, request_id, None, rate, head=head, accept=headers.get("accept-encoding", ""))
                return
            track_id = raw_track
        if too_long is not None or total > 64 * 1024:
            what = f"header {too_long!r} is longer than {self.config.max_header_value} characters" if too_long else "request headers exceed 64 KiB"
            reply = zuora_error(431, f"{OBJ}20", f"Request header fields too large: {what}", request_id)
            await self._send(send, reply, request_id, track_id, rate, head=head)
            return

        if path.startswith("/__sandbox"):
            body = await self._read_body(receive, self.config.max_body)
            reply = self._admin(method, path, body if body is not None else b"", request_id)
            await self._send(send, reply, request_id, track_id, {}, head=head)
            return

        allowed, rate = self._rate_check()
        if not allowed:
            reply = zuora_error(429, f"{OBJ}70", "Too many requests: the rate limit of this tenant is exhausted; retry after Retry-After seconds", request_id)
            reply.headers["Retry-After"] = rate["RateLimit-Reset"]
            await self._send(send, reply, request_id, track_id, rate, head=head)
            return

        op, path_params, known = self.index.match(method, path)
        if op is None:
            body = await self._read_body(receive, self.config.max_body)
            if not known:
                reply = zuora_error(404, f"{OBJ}40", f"No operation at {method} {path}", request_id)
            else:
                allow = ", ".join(sorted(m for m in ("GET", "PUT", "POST", "DELETE", "PATCH") if self.index.match(m, path)[0]))
                reply = zuora_error(405, f"{OBJ}45", f"Method {method} is not allowed on {path}; allowed: {allow}", request_id)
                reply.headers["Allow"] = allow
            await self._send(send, reply, request_id, track_id, rate, head=head)
            return

        body = await self._read_body(receive, self.config.max_body)
        req = Request(method, path, scope.get("query_string", b"").decode("latin-1"), headers, body or b"", request_id, track_id, op, path_params)
        if body is None:
            reply = zuora_error(413, f"{OBJ}20", f"Request body is larger than the limit of {self.config.max_body} bytes", request_id)
            reply = self._document(op, reply)
            await self._finish(send, req, reply, rate)
            return
        early = self._prepare(req)
        if early is None:
            slow = self._fault(req, "slow_response")
            if slow is not None:
                await asyncio.sleep(slow.delay_ms / 1000)
                self._record(req, "slow_response", None, f"delayed {slow.delay_ms} ms")
        await self._finish(send, req, early if early is not None else self._serve(req), rate)

    # -- steps -----------------------------------------------------------------------------------
    async def _read_body(self, receive: Any, limit: int) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)

    def _prepare(self, req: Request) -> Reply | None:
        """Everything before the handler; a Reply here is an error answer."""
        op = req.op
        assert op is not None
        encoding = req.headers.get("content-encoding", "").strip().lower()
        if req.body and encoding in ("gzip", "x-gzip"):
            try:
                d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                req.body = d.decompress(req.body, self.config.max_body + 1)
                if len(req.body) > self.config.max_body or d.unconsumed_tail:
                    return self._document(op, zuora_error(413, f"{OBJ}20", f"Decompressed request body is larger than {self.config.max_body} bytes", req.request_id))
            except zlib.error:
                return self._document(op, zuora_error(400, f"{OBJ}90", "Content-Encoding is gzip but the body is not valid gzip data", req.request_id))
        req.query = {}
        for name, value in parse_qsl(req.query_string, keep_blank_values=True):
            req.query.setdefault(name, []).append(value)

        if self.config.auth and not self._authorized(req, op):
            if self._fault(req, "ignored_auth") is not None:
                self._record(req, "ignored_auth", None, "served without a valid bearer token")
                req.authorized = False
            else:
                return self._auth_error(req, op)

        key = req.headers.get("idempotency-key")
        if key is not None and req.method in ("POST", "PATCH"):
            stored = self.store.idempotent_get(key)
            if stored is not None:
                fingerprint, status, headers, body = stored
                if fingerprint != self._fingerprint(req):
                    return self._document(op, zuora_error(409, f"{OBJ}23", "Idempotency-Key was already used for a different request", req.request_id))
                reply = Reply(status, body, headers.pop("content-type", None), {**headers, "Idempotent-Replayed": "true"}, raw=True)
                return reply

        precheck = self.prechecks.get((op.method, op.template))
        problem = self._validate(req, op)
        if problem is not None:
            # A seed endpoint's own check says it in Zuora's words when it applies.
            clearer = precheck(self, req) if precheck is not None and req.json is not None else None
            return self._document(op, clearer) if clearer is not None else problem
        if precheck is not None:
            checked = precheck(self, req)
            if checked is not None:
                return self._document(op, checked)
        server_error = self.plan.wants("server_error") and self._fault(req, "server_error", peek=True)
        if server_error:
            digest = int(hashlib.sha256(f"{req.method}|{req.path}|{req.query_string}|".encode() + req.body).hexdigest(), 16)
            if digest % server_error.one_in == 0 and server_error.take():
                self._record(req, "server_error", 500, "500 for this input")
                return zuora_error(500, f"{OBJ}60", "Internal server error (injected by the sandbox fault profile)", req.request_id)
        return None

    def _serve(self, req: Request) -> Reply:
        op = req.op
        assert op is not None
        handler = self.handlers.get((op.method, op.template))
        reply = handler(self, req) if handler is not None else self._generic(req, op)
        reply = self._document(op, reply)
        key = req.headers.get("idempotency-key")
        if key is not None and req.method in ("POST", "PATCH") and reply.status < 500:
            body = self._encode(reply)
            headers = {k: v for k, v in reply.headers.items()}
            if reply.content_type:
                headers["content-type"] = reply.content_type
            self.store.idempotent_put(key, self._fingerprint(req), reply.status, headers, body, self.clock.now())
        return reply

    def _fingerprint(self, req: Request) -> str:
        body = req.body
        boundary = re.search(r'boundary="?([^";]+)', req.headers.get("content-type", ""))
        if boundary is not None:
            # Every send of the same multipart request draws a new boundary: it is no content.
            body = body.replace(boundary.group(1).encode("latin-1", "replace"), b"BOUNDARY")
        return hashlib.sha256(f"{req.method}|{req.path}|{req.query_string}|".encode() + body).hexdigest()

    # -- generic stateful behaviour ----------------------------------------------------------------
    def new_id(self, op: Operation | None = None) -> str:
        n = self.store.next_number("ids")
        if op is not None and op.item_param:
            for p in op.params:
                if p.location == "path" and p.name == op.item_param and _top_type(self, p.schema) == "integer":
                    return str(n)
        digest = hashlib.sha256(f"{self.config.seed}:{n}".encode()).hexdigest()[:32]
        if op is not None and op.item_param and any(p.location == "path" and p.name == op.item_param and _format(self, p.schema) == "uuid" for p in op.params):
            return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"
        return digest

    def _generic(self, req: Request, op: Operation) -> Reply:
        status = op.success_status()
        if op.collection and op.creates:
            rid = self._create_id(op)
            value: int | str = int(rid) if rid.isdigit() else rid
            # The new id under every name a client may look for it: id, the item path parameter
            # (billRunId), and the collection's singular + Id (/v1/accounts -> accountId).
            names = {"id", *self._id_names(op)}
            record = {**(req.json if isinstance(req.json, dict) else {}), **dict.fromkeys(names, value), "success": True}
            self.store.put(op.collection, rid, record, self.clock.now())
            reply = self.ok(op, record, status)
            shown = next((reply.body[k] for k in ("id", "Id", "ID") if isinstance(reply.body, dict) and isinstance(reply.body.get(k), str | int)), None)
            if shown is not None and str(shown) != rid:
                # The documented id shape (a uuid, a pattern) overrode ours: the id the client
                # was told is the one it will read back, so the resource lives there too.
                self.store.put(op.collection, str(shown), {**record, **dict.fromkeys(names, shown)}, self.clock.now())
            return reply
        if op.collection and op.item_param:
            rid = req.path_params.get(op.item_param, "")
            is_item = op.template.rsplit("/", 1)[0] == op.collection
            if is_item and op.method == "DELETE":
                if not self.store.delete(op.collection, rid):
                    return self.not_found(req, rid)
                return self.ok(op, {"success": True}, status)
            existing = self.store.get(op.collection, rid)
            if existing is None:
                return self.not_found(req, rid)
            if is_item and op.method in ("PUT", "PATCH") and isinstance(req.json, dict):
                _, existing = self.store.update(op.collection, rid, lambda r: {**r, **req.json, "id": r.get("id", rid)})
                existing = existing or {}
            if is_item:
                return self.ok(op, {**existing, "success": True}, status)
            return self.ok(op, {"success": True}, status)
        return self.ok(op, {"success": True}, status)

    def _id_names(self, op: Operation) -> set[str]:
        names = {o.item_param for o in self.index.operations if o.collection == op.collection and o.item_param}
        last = (op.collection or "").rstrip("/").rsplit("/", 1)[-1]
        words = [w for w in re.split(r"[-_]", last) if w]
        if words:
            words[-1] = words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 1 else words[-1]
            names.add(words[0].lower() + "".join(w.capitalize() for w in words[1:]) + "Id")
        return {n for n in names if n}

    def _create_id(self, op: Operation) -> str:
        item_ops = [o for o in self.index.operations if o.collection == op.collection and o.item_param]
        return self.new_id(item_ops[0] if item_ops else None)

    def ok(self, op: Operation, record: dict[str, Any], status: int | None = None, *, minimal: bool = False) -> Reply:
        status = status or op.success_status()
        content_type, body = self.bodies.body(op, status, record, minimal=minimal)
        return Reply(status, body, content_type)

    def not_found(self, req: Request, rid: str) -> Reply:
        return zuora_error(404, f"{OBJ}40", f"Object with id {rid!r} does not exist", req.request_id)

    def _document(self, op: Operation, reply: Reply) -> Reply:
        """Shape an error reply to the operation's documented status and schema.

        An error status the operation does not document becomes the closest documented one: the
        exact code, 404 for a missing resource, a 4XX range, another specific 4xx, `default`; with
        none of those, Zuora's own convention: the documented success status with
        `success: false` and `reasons[]`, shaped to the success schema as far as it allows.
        """
        if reply.status < 400 or reply.raw:
            return reply
        status = self._error_status(op, reply.status)
        content_type, media = self.bodies.media(op, status)
        if not op.documented(status) or media is None or content_type is None:
            reply.status = status
            return reply
        if not is_json(content_type):
            # The documented error is not JSON (text/xml, say): answer in that media type.
            content_type, body = self.bodies.body(op, status, None)
            return Reply(status, body, content_type, reply.headers) if status >= 400 else reply
        content_type, body = self.bodies.body(op, status, reply.body, keep_extra=True)
        if status < 400 and isinstance(body, list):
            # Zuora's batch calls (`/v1/action/create`) answer a list of results, each with its
            # own `Success` flag and `Errors`: the refusal becomes one failed result.
            item = self.bodies.failed_item(op, status, reply.body.get("reasons") if isinstance(reply.body, dict) else None)
            if item is not None:
                return Reply(status, [item], content_type, reply.headers, rejection=True)
        if status < 400 and not (isinstance(body, dict) and body.get("success") is False):
            # The success schema cannot say `success: false` (an array, a closed object): a body
            # that looks like success would hide the rejection, so the error keeps its 4xx.
            return reply
        return Reply(status, body, content_type, reply.headers, rejection=status < 400)

    @staticmethod
    def _error_status(op: Operation, status: int) -> int:
        """The documented status that best answers an error `status` (see `_document`)."""
        codes = op.responses
        if str(status) in codes or status in (401, 429, 500):
            return status  # 401, 429 and 500 mean something specific: never borrowed or replaced
        if f"{str(status)[0]}XX" in codes or f"{str(status)[0]}xx" in codes:
            return status
        documented = sorted(int(k) for k in codes if k.isdigit() and k.startswith("4") and k not in ("401", "429"))
        if documented:
            closest = [s for s in (400, 422, 409, 404, 403) if s in documented]
            return closest[0] if closest else documented[0]
        if "default" in codes:
            return status
        return op.success_status() if _has_success(codes) else status

    # -- validation ------------------------------------------------------------------------------
    def _validate(self, req: Request, op: Operation) -> Reply | None:
        problems: list[tuple[str, str]] = []
        for location in ("path", "query", "header", "cookie"):
            params = [p for p in op.params if p.location == location]
            if not params:
                continue
            instance: dict[str, Any] = {}
            for p in params:
                raw = self._raw_param(req, p)
                if raw is None:
                    continue
                instance[p.name] = _coerce(self, p, raw)
            validator = self.index.bundler.validator_for((op.key, location), functools.partial(_params_schema, params))
            for problem in validator.errors(instance):
                where = problem.where() or "(parameters)"
                problems.append((f"{OBJ}{'22' if 'required' in problem.message else '20'}", f"{location} parameter {where}: {problem.message}"))
        if problems:
            return self._document(op, zuora_error(400, *problems[0], req.request_id, *problems[1:]))
        body_spec = op.request_body
        if body_spec is None:
            return None
        content = body_spec.get("content") or {}
        if not req.body:
            if body_spec.get("required"):
                return self._document(op, zuora_error(400, f"{OBJ}22", "The request body is required", req.request_id))
            return None
        raw_type = req.headers.get("content-type", "")
        media_type = raw_type.split(";", 1)[0].strip().lower()
        chosen = _match_media(content, media_type)
        if chosen is None:
            documented = ", ".join(content) or "none"
            return self._document(op, zuora_error(415, f"{OBJ}20", f"Unsupported Content-Type {raw_type or '(none)'!r}; documented: {documented}", req.request_id))
        name, media = chosen
        media = self.index.resolve(media) or {}
        schema = media.get("schema")
        if is_json(name) or (not media_type and is_json(name)):
            try:
                req.json = orjson.loads(req.body)
            except orjson.JSONDecodeError as exc:
                return self._document(op, zuora_error(400, f"{OBJ}90", f"Malformed JSON in the request body: {exc}", req.request_id))
            body_instance: Any = req.json
        elif name == "application/x-www-form-urlencoded":
            try:
                text = req.body.decode("utf-8")
            except UnicodeDecodeError:
                return self._document(op, zuora_error(400, f"{OBJ}90", "The form body is not UTF-8", req.request_id))
            req.form = dict(parse_qsl(text, keep_blank_values=True))
            body_instance = _coerce_form(self, schema, req.form)
        elif name == "multipart/form-data":
            parts = _multipart(raw_type, req.body)
            if parts is None:
                return self._document(op, zuora_error(400, f"{OBJ}90", "The multipart body is malformed or has no boundary", req.request_id))
            body_instance = _coerce_parts(self, schema, parts)
        else:
            return None  # binary, text: accepted as sent
        if schema is None:
            return None
        validator = self.index.bundler.request_validator(schema)
        found = validator.errors(body_instance)
        if found:
            reasons = [(f"{OBJ}{'22' if 'required' in p.message else '20'}", f"body {p.where() or '(root)'}: {p.message}") for p in found]
            return self._document(op, zuora_error(400, *reasons[0], req.request_id, *reasons[1:]))
        return None

    def _raw_param(self, req: Request, p: Any) -> list[str] | None:
        if p.location == "path":
            value = req.path_params.get(p.name)
            return [unquote(value)] if value is not None else None
        if p.location == "query":
            if p.explode and p.style == "form" and _top_type(self, p.schema) == "object":
                return None  # spread object: keys are its properties
            return req.query.get(p.name)
        if p.location == "header":
            value = req.headers.get(p.name.lower())
            return [value] if value is not None else None
        cookies = req.headers.get("cookie", "")
        for part in cookies.split(";"):
            name, _, value = part.strip().partition("=")
            if name == p.name:
                return [unquote(value)]
        return None

    # -- auth ------------------------------------------------------------------------------------
    def _authorized(self, req: Request, op: Operation) -> bool:
        if not op.security or any(not requirement for requirement in op.security):
            return True
        return any(all(self._scheme_ok(req, name) for name in requirement) for requirement in op.security if isinstance(requirement, dict))

    def _scheme_ok(self, req: Request, name: str) -> bool:
        scheme = self.index.security_schemes.get(name) or {"type": "http", "scheme": "bearer"}
        kind = str(scheme.get("type", "")).lower()
        auth = req.headers.get("authorization", "")
        if kind == "apikey":
            where = scheme.get("in")
            key = str(scheme.get("name", ""))
            if where == "header":
                return bool(req.headers.get(key.lower()))
            if where == "query":
                return bool(req.query.get(key))
            return f"{key}=" in req.headers.get("cookie", "")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            if auth.lower().startswith("bearer "):
                # A token this tenant issued stands for the same client's credentials, so a
                # client that authenticated once (as `contracts run` does) reaches basic-only
                # operations too; no credentials, or a bad token, still get 401.
                return self.token_state(auth) == "valid"
            if not auth.lower().startswith("basic "):
                return False
            try:
                user, _, password = base64.b64decode(auth[6:].strip()).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                return False
            return self.config.clients.get(user) == password
        return self.token_state(auth) == "valid"

    def token_state(self, authorization: str) -> str:
        """'valid', 'expired', 'unknown' or 'missing' for an Authorization header value."""
        if not authorization.strip():
            return "missing"
        kind, _, token = authorization.strip().partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            return "unknown"
        expires = self.store.token_expiry(token.strip())
        if expires is None:
            return "unknown"
        return "valid" if expires > self.clock.now() else "expired"

    def _auth_error(self, req: Request, op: Operation) -> Reply:
        state = self.token_state(req.headers.get("authorization", ""))
        message = {
            "missing": "This resource is protected: send Authorization: Bearer {token} with a token from POST /oauth/token",
            "expired": "The bearer token has expired: request a new one from POST /oauth/token",
        }.get(state, "Authentication error: the credentials are not valid")
        reply = zuora_error(401, "90000011", message, req.request_id)
        reply.headers["WWW-Authenticate"] = 'Bearer realm="zuora"' + (', error="invalid_token"' if state in ("expired", "unknown") else "")
        return self._document(op, reply)

    def issue_token(self, client_id: str) -> tuple[str, int]:
        token = secrets.token_hex(16)
        ttl = self.config.token_ttl
        self.store.add_token(token, client_id, self.clock.now() + ttl)
        return token, max(1, int(ttl))

    # -- rate limits -----------------------------------------------------------------------------
    def _rate_check(self) -> tuple[bool, dict[str, str]]:
        now = self.clock.now()
        if now - self._window_start >= self.config.rate_window:
            self._window_start = now
            self._window_count = 0
        self._window_count += 1
        allowed = self._window_count <= self.config.rate_limit
        return allowed, self._rate_headers(consume=True)

    def _rate_headers(self, consume: bool) -> dict[str, str]:
        now = self.clock.now()
        reset = max(0.0, self.config.rate_window - (now - self._window_start))
        remaining = max(0, self.config.rate_limit - self._window_count)
        return {
            "RateLimit-Limit": f"{self.config.rate_limit};w={int(self.config.rate_window)}",
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(max(1, math.ceil(reset))),
        }

    # -- faults ----------------------------------------------------------------------------------
    def _fault(self, req: Request, kind: str, peek: bool = False) -> Any:
        op = req.op
        if op is None or not self.plan.faults:
            return None
        if peek:
            for fault in self.plan.faults:
                if fault.kind == kind and fault.targets(op.operation_id, op.key, op.tags):
                    return fault
            return None
        return self.plan.active(kind, op.operation_id, op.key, op.tags)

    def _record(self, req: Request, kind: str, status: int | None, detail: str) -> None:
        op = req.op
        self.plan.record(kind, op.operation_id if op else "", req.method, req.path, req.request_id, status, detail)

    def _mutate(self, req: Request, reply: Reply) -> tuple[Reply, bool]:
        """Response faults for successful answers; returns (reply, drop connection)."""
        op = req.op
        if op is None or not self.plan.faults or not (200 <= reply.status < 300) or reply.raw or reply.rejection:
            return reply, False
        body = reply.body
        json_body = reply.content_type is not None and is_json(reply.content_type)
        if json_body and isinstance(body, dict):
            if self._fault(req, "success_false") is not None:
                self._record(req, "success_false", reply.status, "success: false with reasons[] for a valid request")
                err = zuora_error(reply.status, f"{OBJ}30", "The operation could not be completed (injected)", req.request_id)
                return Reply(reply.status, err.body, reply.content_type, reply.headers), False
            if self._fault(req, "missing_required_property") is not None:
                name = self._required_present(op, reply)
                if name is not None:
                    body = dict(body)
                    del body[name]
                    self._record(req, "missing_required_property", reply.status, f"removed required property {name!r}")
                    reply = Reply(reply.status, body, reply.content_type, reply.headers)
            if self._fault(req, "wrong_property_type") is not None and body:
                name = sorted(body)[0]
                value = body[name]
                swapped = _other_type(value)
                body = {**body, name: swapped}
                self._record(req, "wrong_property_type", reply.status, f"property {name!r}: {type(value).__name__} -> {type(swapped).__name__}")
                reply = Reply(reply.status, body, reply.content_type, reply.headers)
            if self._fault(req, "extra_property") is not None:
                validator = self.bodies.validator(op, reply.status)
                if validator is not None:
                    merged = Generator(validator.schema, __import__("random").Random(0)).merge(validator.schema)
                    if merged.get("additionalProperties") is False:
                        body = {**body, "sandboxInjected": "extra"}
                        self._record(req, "extra_property", reply.status, "added 'sandboxInjected' where additionalProperties is false")
                        reply = Reply(reply.status, body, reply.content_type, reply.headers)
        if self._fault(req, "wrong_status") is not None:
            codes = sorted(k for k in op.responses if k[0] in "45")
            if codes:
                new = int(codes[0]) if codes[0].isdigit() else (400 if codes[0][0] == "4" else 500)
                self._record(req, "wrong_status", new, f"answered {new} instead of {reply.status} with the success body")
                reply = Reply(new, reply.body, reply.content_type, reply.headers)
                return reply, False
        if self._fault(req, "undocumented_status") is not None:
            for candidate in (299, 203, 218, 418, 451, 502):
                if not op.documented(candidate):
                    self._record(req, "undocumented_status", candidate, f"answered {candidate}, which the operation does not document")
                    reply = Reply(candidate, reply.body, reply.content_type, reply.headers)
                    break
        if json_body and reply.content_type and self._fault(req, "wrong_content_type") is not None:
            self._record(req, "wrong_content_type", reply.status, f"sent text/plain instead of {reply.content_type}")
            reply = Reply(reply.status, self._encode(reply), "text/plain", reply.headers, raw=True)
        elif json_body and self._fault(req, "malformed_json") is not None:
            data = self._encode(reply)
            broken = data[: max(1, len(data) // 2)] + b"\x00,}"
            self._record(req, "malformed_json", reply.status, "body is not valid JSON")
            reply = Reply(reply.status, broken, reply.content_type, reply.headers, raw=True)
        if self._fault(req, "dropped_connection") is not None:
            self._record(req, "dropped_connection", reply.status, "closed the connection mid-body")
            return reply, True
        return reply, False

    def _required_present(self, op: Operation, reply: Reply) -> str | None:
        validator = self.bodies.validator(op, reply.status)
        if validator is None or not isinstance(reply.body, dict):
            return None
        merged = Generator(validator.schema, __import__("random").Random(0)).merge(validator.schema)
        for name in merged.get("required") or []:
            if name in reply.body:
                return str(name)
        return None

    # -- sending ---------------------------------------------------------------------------------
    @staticmethod
    def _encode(reply: Reply) -> bytes:
        if reply.raw:
            return reply.body if isinstance(reply.body, bytes) else bytes(reply.body or b"")
        if reply.body is None:
            return b""
        if isinstance(reply.body, bytes):
            return reply.body
        if reply.content_type and not is_json(reply.content_type):
            return str(reply.body).encode()
        return orjson.dumps(reply.body)

    async def _finish(self, send: Any, req: Request, reply: Reply, rate: dict[str, str]) -> None:
        reply, drop = self._mutate(req, reply)
        echo = req.track_id
        if echo is not None and self._fault(req, "missing_track_id") is not None:
            self._record(req, "missing_track_id", reply.status, "Zuora-Track-Id not echoed")
            echo = None
        if req.op is not None and (200 <= reply.status < 300 or not reply.raw):
            for name, value in self.bodies.required_headers(req.op, reply.status, OWN_HEADERS).items():
                reply.headers.setdefault(name, value)
            if not reply.raw:
                self.bodies.conform_headers(req.op, reply.status, reply.headers)
        await self._send(send, reply, req.request_id, echo, rate, head=req.method == "HEAD", drop=drop, accept=req.headers.get("accept-encoding", ""))

    async def _send(self, send: Any, reply: Reply, request_id: str, track_id: str | None, rate: dict[str, str], *, head: bool, drop: bool = False, accept: str = "") -> None:
        body = self._encode(reply)
        headers: list[tuple[bytes, bytes]] = [(b"zuora-request-id", request_id.encode())]
        if track_id is not None:
            headers.append((b"zuora-track-id", track_id.encode("latin-1")))
        for name, value in rate.items():
            headers.append((name.encode(), value.encode()))
        for name, value in reply.headers.items():
            headers.append((name.encode("latin-1"), str(value).encode("latin-1", "replace")))
        if body and len(body) > self.config.gzip_threshold and "gzip" in accept.lower():
            body = gzip.compress(body, compresslevel=5)
            headers.append((b"content-encoding", b"gzip"))
            headers.append((b"vary", b"Accept-Encoding"))
        if reply.content_type is not None and (body or reply.status not in (204, 304)):
            headers.append((b"content-type", reply.content_type.encode()))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        if drop:
            await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
            raise DropConnection()
        await send({"type": "http.response.body", "body": b"" if head else body})

    # -- admin -----------------------------------------------------------------------------------
    def _admin(self, method: str, path: str, body: bytes, request_id: str) -> Reply:
        route = path[len("/__sandbox") :].strip("/")
        if route == "health":
            health: dict[str, Any] = {"status": "ok", "title": self.title, "operations": len(self.index.operations), "faults": self.plan.name}
            if self.bodies.unconformable:
                # Operations whose documented schema we could not satisfy (see docs: known limits).
                health["unconformable"] = sorted(self.bodies.unconformable)
            return Reply(200, health)
        if route == "injected":
            if method == "DELETE":
                self.plan.clear()
                return Reply(200, {"success": True})
            injected = self.plan.injected()
            return Reply(200, {"profile": self.plan.name, "count": len(injected), "injected": injected})
        if route == "faults":
            return Reply(200, self.plan.describe())
        if route == "clock":
            if method == "POST":
                try:
                    seconds = float(orjson.loads(body or b"{}").get("advance", 0))
                    now = self.clock.advance(seconds)
                except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError) as exc:
                    return zuora_error(400, f"{OBJ}20", f"POST /__sandbox/clock wants {{\"advance\": seconds >= 0}}: {exc}", request_id)
                return Reply(200, {"now": now})
            return Reply(200, {"now": self.clock.now()})
        return zuora_error(404, f"{OBJ}40", f"No sandbox admin route {path}; try /__sandbox/health, /injected, /faults, /clock", request_id)


# -- helpers -------------------------------------------------------------------------------------
def _format(app: SandboxApp, schema: Any) -> str | None:
    resolved = app.index.resolve(schema)
    value = resolved.get("format") if isinstance(resolved, dict) else None
    return value if isinstance(value, str) else None


def _has_success(codes: dict[str, Any]) -> bool:
    return any(k.startswith("2") for k in codes)


def _track_id_problem(value: str) -> str | None:
    if len(value) > 64:
        return f"longer than 64 characters ({len(value)})"
    if any(ord(ch) > 126 or (ord(ch) < 32) for ch in value):
        return "must be US-ASCII printable characters"
    bad = sorted({ch for ch in value if ch in TRACK_ID_FORBIDDEN})
    if bad:
        return f"must not contain {' '.join(bad)}"
    return None


def _match_media(content: dict[str, Any], media_type: str) -> tuple[str, Any] | None:
    if not content:
        return None
    if not media_type:
        for name, media in content.items():
            if is_json(name):
                return name, media
        return None
    lowered = {k.lower(): (k, v) for k, v in content.items()}
    if media_type in lowered:
        return lowered[media_type]
    major = media_type.split("/", 1)[0]
    for pattern in (f"{major}/*", "*/*"):
        if pattern in lowered:
            return lowered[pattern]
    if media_type.endswith("+json") and "application/json" in lowered:
        return lowered["application/json"]
    return None


def _params_schema(params: list[Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": {p.name: (p.schema if p.schema is not None else {}) for p in params}}
    required = [p.name for p in params if p.required]
    if required:
        schema["required"] = required
    return schema


def _top_type(app: SandboxApp, schema: Any) -> str | None:
    if schema is None:
        return None
    key = id(schema)
    if key not in app._types:
        app._types[key] = _compute_type(app, schema)
    return app._types[key]


def _compute_type(app: SandboxApp, schema: Any) -> str | None:
    validator = app.index.bundler.validator(schema)
    merged = Generator(validator.schema, __import__("random").Random(0)).merge(validator.schema)
    kind = merged.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


def _scalar(kind: str | None, raw: str) -> Any:
    if kind == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw
    if kind == "number":
        try:
            value = float(raw)
            return value if math.isfinite(value) else raw
        except ValueError:
            return raw
    if kind == "boolean":
        return {"true": True, "false": False}.get(raw, raw)
    if kind == "null" and raw in ("", "null"):
        return None
    return raw


def _coerce(app: SandboxApp, p: Any, raw: list[str]) -> Any:
    kind = _top_type(app, p.schema)
    if kind == "array":
        validator = app.index.bundler.validator(p.schema)
        gen = Generator(validator.schema, __import__("random").Random(0))
        items = gen.merge(gen.merge(validator.schema).get("items", {}))
        item_kind = items.get("type") if isinstance(items.get("type"), str) else None
        values = raw
        if len(raw) == 1 and not (p.explode and p.location == "query"):
            sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(p.style, ",")
            values = raw[0].split(sep) if raw[0] else []
        return [_scalar(item_kind, v) for v in values]
    if kind == "object":
        try:
            return orjson.loads(raw[-1])
        except orjson.JSONDecodeError:
            return raw[-1]
    return _scalar(kind, raw[-1])


def _coerce_form(app: SandboxApp, schema: Any, form: dict[str, str]) -> dict[str, Any]:
    if schema is None:
        return dict(form)
    validator = app.index.bundler.validator(schema)
    gen = Generator(validator.schema, __import__("random").Random(0))
    props = gen.merge(validator.schema).get("properties") or {}
    out: dict[str, Any] = {}
    for name, value in form.items():
        sub = gen.merge(props.get(name, {}))
        kind = sub.get("type")
        out[name] = _scalar(kind if isinstance(kind, str) else None, value)
    return out


def _multipart(content_type: str, body: bytes) -> dict[str, list[str]] | None:
    """Form fields of a multipart/form-data body (file parts as text), or None when malformed."""
    if "boundary=" not in content_type.lower():
        return None
    boundary = re.search(r'boundary="?([^";]+)', content_type, re.IGNORECASE)
    if boundary is not None and body.strip() == b"--" + boundary.group(1).encode("latin-1", "replace") + b"--":
        return {}  # a form with no fields: well formed, and judged by the schema's `required`
    head = b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n"
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        return None
    fields: dict[str, list[str]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        fields.setdefault(name, []).append(data.decode("utf-8", "replace"))
    return fields


def _coerce_parts(app: SandboxApp, schema: Any, parts: dict[str, list[str]]) -> dict[str, Any]:
    """Multipart fields typed as the schema says: scalars parsed, objects and arrays from JSON
    (or repeated fields), file parts kept as strings."""
    if schema is None:
        return {k: v[-1] for k, v in parts.items()}
    validator = app.index.bundler.validator(schema)
    gen = Generator(validator.schema, __import__("random").Random(0))
    props = gen.merge(validator.schema).get("properties") or {}
    out: dict[str, Any] = {}
    for name, values in parts.items():
        sub = gen.merge(props.get(name, {}))
        kind = sub.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "array" in kinds or "object" in kinds:
            if len(values) == 1:
                try:
                    out[name] = orjson.loads(values[0])
                    continue
                except orjson.JSONDecodeError:
                    pass
            if "array" in kinds:
                items = gen.merge(sub.get("items", {}))
                item_kind = items.get("type") if isinstance(items.get("type"), str) else None
                out[name] = [_scalar(item_kind, v) for v in values]
                continue
        scalar_kind = next((k for k in kinds if isinstance(k, str) and k != "null"), None)
        value = values[-1]
        out[name] = None if "null" in kinds and value in ("", "null") else _scalar(scalar_kind, value)
    return out


def _other_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return "not-a-number"
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return {"unexpected": True}
    if isinstance(value, dict):
        return ["unexpected"]
    return 0
