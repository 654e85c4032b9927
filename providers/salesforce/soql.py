"""SOQL over REST: `query`/`queryAll`/`tooling/query` with `nextRecordsUrl` paging.

A mixin of `SalesforceClient` (it needs only `request`). Records are returned as Salesforce
sends them (`attributes` kept). A `nextRecordsUrl` seen twice stops the loop with an error
instead of spending the org's allocation on the same page forever.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from revops_as_code.errors import ProviderError

from .errors import PROVIDER, SalesforceServerError

MIN_BATCH, MAX_BATCH = 200, 2000
"""`Sforce-Query-Options: batchSize` bounds (Salesforce's; 2,000 is the default)."""


class SoqlMethods:
    """SOQL reads; the concrete client supplies `request`."""

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
    ) -> Any:
        raise NotImplementedError

    def query_pages(
        self,
        soql: str,
        *,
        tooling: bool = False,
        all_rows: bool = False,
        batch_size: int | None = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """Each page of records (`attributes` kept), following `nextRecordsUrl`."""
        if tooling and all_rows:
            raise ValueError("the Tooling API has no queryAll; all_rows is for data queries")
        headers: dict[str, str] = {}
        if batch_size is not None:
            if not MIN_BATCH <= batch_size <= MAX_BATCH:
                raise ValueError(f"batch_size is between {MIN_BATCH} and {MAX_BATCH}")
            headers["Sforce-Query-Options"] = f"batchSize={batch_size}"
        resource = ("tooling/" if tooling else "") + ("queryAll" if all_rows else "query")
        label = f"{resource} {short(soql)}"
        page = self.request("GET", resource, params={"q": soql}, headers=headers, label=label)
        seen: set[str] = set()
        while True:
            page = page if isinstance(page, dict) else {}
            records = page.get("records")
            yield list(records) if isinstance(records, list) else []
            next_url = page.get("nextRecordsUrl")
            if page.get("done", True) or not next_url:
                return
            if next_url in seen:
                raise ProviderError(
                    f"Salesforce returned nextRecordsUrl {next_url!r} twice for {label}; "
                    "stopping instead of looping",
                    hint="run again; if it repeats, report the query",
                    provider=PROVIDER,
                )
            seen.add(str(next_url))
            page = self.request("GET", str(next_url), headers=headers, label=label)

    def query(
        self,
        soql: str,
        *,
        tooling: bool = False,
        all_rows: bool = False,
        batch_size: int | None = None,
    ) -> list[dict[str, Any]]:
        """Every record of a SOQL query, all pages."""
        pages = self.query_pages(soql, tooling=tooling, all_rows=all_rows, batch_size=batch_size)
        return [record for page in pages for record in page]

    def count(self, soql: str, *, tooling: bool = False) -> int:
        """`SELECT COUNT() FROM ...` -> its totalSize (one request)."""
        resource = "tooling/query" if tooling else "query"
        body = self.request("GET", resource, params={"q": soql}, label=f"{resource} {short(soql)}")
        try:
            return int(body["totalSize"])
        except (TypeError, KeyError, ValueError):
            raise SalesforceServerError(
                f"Salesforce {resource} {short(soql)} returned no totalSize",
                hint="a COUNT() query returns totalSize; check the SOQL",
                provider=PROVIDER,
            ) from None


def short(soql: str, limit: int = 160) -> str:
    """The SOQL on one line, cut to `limit` characters, for messages."""
    text = " ".join(soql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["MAX_BATCH", "MIN_BATCH", "SoqlMethods", "short"]
