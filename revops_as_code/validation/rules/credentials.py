"""RV401: anything that looks like a credential in a definition is an error, shown redacted.

Definitions and revops.yaml are committed, reviewed in PRs and copied into plans: a pasted
API token, private key or password there is a leak. Two signals: a value that has the shape
of a known secret (HubSpot private-app tokens, Salesforce session ids and refresh
tokens, OAuth client secrets, AWS keys, GitHub/Slack/Stripe tokens, JWTs, PEM/OpenSSH/PGP
private keys, `user:password@` in a URL) — in a value or in a key (a token pasted where a
key goes would otherwise reach an "unknown key" message) — or a non-empty value under a key
named like a secret (`password`, `api_key`, `token`, `secret`, `client_secret`,
`private_key`). The message never contains the value: only its kind, length and first characters (`pat-…`,
44 chars). `config.load_project` runs the same scan over revops.yaml before anything reads
a setting, so no later error can echo one.

`scan(source)` works on raw loaded data, so the pipeline can also run it on documents that
failed their model (where a secret under an unknown key is most likely).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import SourceDocument, pointer_join
from revops_as_code.validation.context import RuleContext

CREDENTIAL = "RV401"

_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----")),
    ("HubSpot private-app token", re.compile(r"\bpat-(?:na|eu)[0-9]-[0-9a-f]{8}-[0-9a-f-]{27}")),
    ("Salesforce refresh token", re.compile(r"\b5Aep86[0-9A-Za-z._]{40,}")),
    ("Google OAuth client secret", re.compile(r"\bGOCSPX-[A-Za-z0-9_-]{20,}")),
    (
        "password in a URL",
        re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@]+:[^\s/@]+@"),
    ),
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


_ANY_SHAPE = re.compile("|".join(f"(?:{shape.pattern})" for _, shape in _SHAPES))
"""Matches wherever some shape in `_SHAPES` matches: one search per string, not nine."""

Steps = tuple[str | int, ...]
"""A JSON pointer not yet joined."""


@functools.lru_cache(maxsize=4096)
def _secret_key(key: str) -> bool:
    # Documents repeat a handful of key names (`key`, `label`, ...) thousands of times.
    return _SECRET_KEY.search(key) is not None


Suspect = tuple[Steps, str, str | None, bool]
"""(path, the string, the key it sits under, whether the string is that key itself)."""


def _suspects(data: Any, path: Steps, out: list[Suspect]) -> None:
    """Append a `Suspect` for every string (value or key) that may be a secret.

    Pointers are built only for these (a scan visits every string of every document; almost
    none is a secret), and the per-shape search and the key test run only on them.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            name = str(key)
            if _ANY_SHAPE.search(name):
                out.append(((*path, name), name, None, True))
            if isinstance(value, str):
                if _ANY_SHAPE.search(value) or (_secret_key(name) and value.strip()):
                    out.append(((*path, name), value, name, False))
            elif isinstance(value, dict | list):
                _suspects(value, (*path, name), out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, str):
                if _ANY_SHAPE.search(value):
                    out.append(((*path, i), value, None, False))
            elif isinstance(value, dict | list):
                _suspects(value, (*path, i), out)
    elif isinstance(data, str) and _ANY_SHAPE.search(data):
        out.append((path, data, None, False))


def scan(source: SourceDocument) -> list[Diagnostic]:
    """Every credential-looking value in one loaded document, redacted."""
    found: list[Diagnostic] = []
    suspects: list[Suspect] = []
    _suspects(source.data, (), suspects)
    for path, value, key, is_key in suspects:
        pointer = pointer_join(*path)
        kind = next((name for name, shape in _SHAPES if shape.search(value)), None)
        if kind is None and key is not None and value.strip() and _SECRET_KEY.search(key):
            kind = f"value of {key!r}"
        if kind is None:
            continue
        found.append(
            Diagnostic(
                Severity.ERROR,
                CREDENTIAL,
                f"this {'key ' if is_key else ''}looks like a credential ({kind}): {redact(value)}",
                source.location(pointer, key=is_key),
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
