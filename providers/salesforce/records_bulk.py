"""Bulk API 2.0 query jobs: one large SOQL read in a few calls instead of pages of 2,000.

    POST jobs/query            {"operation": "query", "query": soql}  -> job (UploadComplete)
    GET  jobs/query/<id>       until state JobComplete (Failed / Aborted: an error)
    GET  jobs/query/<id>/results?maxRecords=N[&locator=L]   CSV; `Sforce-Locator` names the
                               next set ("null" after the last), `Sforce-NumberOfRecords`
                               counts this one

(Salesforce's "Create a Query Job", "Get Information About a Query Job" and "Get Results for
a Query Job" pages, API 47.0+.) Results are CSV only: every value is text and an empty one is
null, which `records.to_record` reads the same as REST JSON. Polling waits with a capped
backoff through an injectable `sleep` (tests never sleep on a real clock).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from revops_as_code.errors import ProviderError

from .errors import PROVIDER

RESULT_SET = 50_000
"""Records per CSV result set (`maxRecords`)."""
MAX_POLLS = 240
POLL_START, POLL_MAX = 0.5, 10.0
"""Seconds between status checks: doubling from 0.5 s, at most 10 s (about 40 minutes in
all before giving up)."""


class Client(Protocol):
    """What the record reads need of `SalesforceClient`."""

    request_count: int

    def get(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any: ...

    def post(self, path: str, json: Any) -> Any: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        label: str | None = None,
    ) -> Any: ...

    def request_text(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[str, Mapping[str, str]]: ...

    def count(self, soql: str, *, tooling: bool = False) -> int: ...

    def query_pages(
        self,
        soql: str,
        *,
        tooling: bool = False,
        all_rows: bool = False,
        batch_size: int | None = None,
    ) -> Iterator[list[dict[str, Any]]]: ...


def _text(client: Client, path: str, params: Mapping[str, str]) -> tuple[str, Mapping[str, str]]:
    """GET a non-JSON (CSV) body with its headers, with the client's retries, token refresh
    and usage tracking (`SalesforceClient.request_text`)."""
    text, headers = client.request_text("GET", path, params=params)
    return str(text), headers


def rows_of(text: str) -> list[dict[str, Any]]:
    """CSV result rows as dicts; an empty value is null."""
    reader = csv.DictReader(io.StringIO(text))
    return [{k: (v if v != "" else None) for k, v in row.items()} for row in reader]


def bulk_query(
    client: Client,
    soql: str,
    *,
    sleep: Callable[[float], None] | None = None,
    result_set: int = RESULT_SET,
) -> Iterator[Sequence[Mapping[str, Any]]]:
    """Each CSV result set of a Bulk API 2.0 query job, as rows."""
    wait = sleep or time.sleep
    job = client.post("jobs/query", {"operation": "query", "query": soql})
    job_id = str((job or {}).get("id"))
    delay = POLL_START
    for _ in range(MAX_POLLS):
        state = str((job or {}).get("state"))
        if state == "JobComplete":
            break
        if state in ("Failed", "Aborted"):
            raise ProviderError(
                f"Salesforce Bulk query job {job_id} {state.lower()}: "
                f"{(job or {}).get('errorMessage') or 'no reason given'}",
                hint="check the query's fields and the integration user's access, then run "
                "audit again",
                provider=PROVIDER,
            )
        wait(delay)
        delay = min(delay * 2, POLL_MAX)
        job = client.get(f"jobs/query/{job_id}")
    else:
        raise ProviderError(
            f"Salesforce Bulk query job {job_id} did not complete in time",
            hint="Salesforce may be busy; run audit again later",
            provider=PROVIDER,
        )
    locator: str | None = None
    seen: set[str] = set()
    while True:
        params = {"maxRecords": str(result_set)}
        if locator:
            params["locator"] = locator
        text, headers = _text(client, f"jobs/query/{job_id}/results", params)
        yield rows_of(text)
        locator = headers.get("Sforce-Locator")
        if not locator or locator == "null" or locator in seen:
            return
        seen.add(locator)


__all__ = ["RESULT_SET", "Client", "bulk_query", "rows_of"]
