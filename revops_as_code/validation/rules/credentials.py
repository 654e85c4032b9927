"""RV401: anything that looks like a credential in a definition is an error, shown redacted.

Definitions are committed, reviewed in PRs and copied into plans: a pasted API token, private
key or password there is a leak. Two signals: a value that has the shape of a known secret
(HubSpot private-app token, Salesforce session id, AWS key, GitHub/Slack/Stripe tokens, JWTs,
PEM private keys), or a non-empty value under a key named like a secret (`password`,
`api_key`, `token`, `secret`, `private_key`). The message never contains the value: only its
kind, length and first characters (`pat-…`, 44 chars).

`scan(source)` works on raw loaded data, so the pipeline can also run it on documents that
failed their model (where a secret under an unknown key is most likely).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import SourceDocument, pointer_join
from revops_as_code.validation.context import RuleContext

CREDENTIAL = "RV401"

_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("HubSpot private-app token", re.compile(r"\bpat-(?:na|eu)[0-9]-[0-9a-f]{8}-[0-9a-f-]{27}")),
    ("AWS access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}")),
    ("Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("Stripe key", re.compile(r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}")),
    ("Salesforce session id", re.compile(r"\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{40,}")),
    (
        "JSON web token",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    ),
    ("bearer token", re.compile(r"\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*")),
)

_SECRET_KEY = re.compile(
    r"(?:^|_)(?:password|passwd|secret|token|api_?key|private_?key|access_key|client_secret)$",
    re.IGNORECASE,
)


def redact(value: str) -> str:
    """`pat-…` (44 chars): enough to find it, never enough to use it."""
    head = value.strip()[:4]
    return f"{head}… ({len(value)} chars)"


def _walk(data: Any, pointer: str = "") -> Iterator[tuple[str, str, str | None]]:
    """(pointer, string value, key it sits under) for every string in the data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_child(value, pointer_join(str(key)), pointer, str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_child(value, pointer_join(i), pointer, None)
    elif isinstance(data, str):
        yield pointer, data, None


def _walk_child(
    value: Any, step: str, pointer: str, key: str | None
) -> Iterator[tuple[str, str, str | None]]:
    if isinstance(value, str):
        yield pointer + step, value, key
    else:
        yield from _walk(value, pointer + step)


def scan(source: SourceDocument) -> list[Diagnostic]:
    """Every credential-looking value in one loaded document, redacted."""
    found: list[Diagnostic] = []
    for pointer, value, key in _walk(source.data):
        kind = next((name for name, shape in _SHAPES if shape.search(value)), None)
        if kind is None and key is not None and value.strip() and _SECRET_KEY.search(key):
            kind = f"value of {key!r}"
        if kind is None:
            continue
        found.append(
            Diagnostic(
                Severity.ERROR,
                CREDENTIAL,
                f"this looks like a credential ({kind}): {redact(value)}",
                source.location(pointer),
                hint="remove it from the file, rotate it (it may be in git history), and "
                "name an environment variable in revops.yaml `credentials_env` instead",
            )
        )
    return found


class Credentials:
    code = CREDENTIAL

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for document in ctx.definitions.documents:
            yield from scan(document.source)


RULE = Credentials()
