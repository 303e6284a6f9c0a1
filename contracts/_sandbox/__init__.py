"""The embedded Zuora sandbox: a stateful local tenant serving any OpenAPI 3.x spec (see
contracts/sandbox.py for the public API and docs/sandbox.md for behaviour and fault profiles)."""
