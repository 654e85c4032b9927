"""A small org in a fresh store, and `call(...)` through the sandbox router with the Bulk API
2.0 routes registered: what the bulk route tests and the record-read tests share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from revops_as_code.providers.salesforce.sandbox import router
from revops_as_code.providers.salesforce.sandbox.config import Limits, SandboxConfig
from revops_as_code.providers.salesforce.sandbox.faults import FaultInjector
from revops_as_code.providers.salesforce.sandbox.limits import ApiUsage
from revops_as_code.providers.salesforce.sandbox.org import Org, OrgField, sf_id
from revops_as_code.providers.salesforce.sandbox.router import Call, Context, Reply
from revops_as_code.providers.salesforce.sandbox.routes import bulk, meta, query
from revops_as_code.providers.salesforce.sandbox.store import SalesforceStore

VERSION = "60.0"
_registered: list[bool] = []


def register() -> None:
    """The query and bulk routes, once per process (the app registers its own on import)."""
    if not _registered:
        router.register(meta.ROUTES + query.ROUTES + bulk.ROUTES)
        _registered.append(True)


def fields() -> list[OrgField]:
    def f(obj: str, name: str, type_: str, custom: bool = False, **extra: Any) -> OrgField:
        return OrgField(obj, name, name, type_, custom, **extra)

    return [
        f("Account", "Id", "Id"), f("Account", "Name", "Text"),
        f("Opportunity", "Id", "Id"), f("Opportunity", "Name", "Text"),
        f("Opportunity", "StageName", "Picklist"), f("Opportunity", "Amount", "Currency"),
        f("Opportunity", "CloseDate", "Date"), f("Opportunity", "IsClosed", "Checkbox"),
        f("Opportunity", "AccountId", "Lookup", reference_to="Account",
          relationship_name="Account"),
        f("Opportunity", "Forecast_Probability__c", "Percent", True),
        f("Lead", "Id", "Id"), f("Lead", "Status", "Picklist"),
        f("Lead", "IsConverted", "Checkbox"), f("Lead", "LeadSource", "Picklist"),
        f("Contact", "Id", "Id"), f("Contact", "LeadSource", "Picklist"),
        f("Contact", "AccountId", "Lookup", reference_to="Account", relationship_name="Account"),
    ]  # fmt: skip


def org(opportunities: int = 5) -> Org:
    accounts = [{"Id": sf_id("001", 1), "Name": "Acme, Inc."}]
    stages = ["Prospecting", "Negotiation/Review", "Closed Won"]
    opps = [
        {"Id": sf_id("006", n), "Name": f"Deal {n}", "StageName": stages[n % 3],
         "Amount": 1000.0 * n if n % 2 else None, "CloseDate": "2026-03-01",
         "IsClosed": stages[n % 3] == "Closed Won", "AccountId": accounts[0]["Id"],
         "Forecast_Probability__c": 40.0 if n == 1 else None}
        for n in range(1, opportunities + 1)
    ]  # fmt: skip
    leads = [
        {"Id": sf_id("00Q", 1), "Status": "Working", "IsConverted": False, "LeadSource": "PPC"},
        {"Id": sf_id("00Q", 2), "Status": "Closed - Converted", "IsConverted": True,
         "LeadSource": "Web"},
    ]  # fmt: skip
    contacts = [{"Id": sf_id("003", 1), "LeadSource": "Web", "AccountId": accounts[0]["Id"]}]
    return Org(
        users=[{"Id": sf_id("005", 1), "Name": "Integration", "IsActive": True}],
        fields=fields(),
        records={"Account": accounts, "Opportunity": opps, "Lead": leads, "Contact": contacts},
    )


def context(tmp_path: Path, the_org: Org | None = None) -> Context:
    register()
    config = SandboxConfig(db_path=tmp_path / "salesforce.db")
    store = SalesforceStore(config.db_path)
    store.load(the_org or org())
    return Context(store, config, usage=ApiUsage(Limits.off()), faults=FaultInjector([]),
                   cursors={})  # fmt: skip


def transport(ctx: Context, seen: list[str] | None = None) -> httpx.MockTransport:
    """httpx requests answered by the sandbox router (no app: the token endpoint is faked;
    a bytes reply goes out as it is, as the app must send the CSV results)."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/services/oauth2/token":
            return httpx.Response(200, json={"access_token": "sandbox-token",
                                             "instance_url": str(request.url.copy_with(path="/", query=None)).rstrip("/")})  # fmt: skip
        split = router.split_url(str(request.url.raw_path, "ascii"))
        assert split is not None, request.url
        version, path, params = split
        body = json.loads(request.content) if request.content else None
        if seen is not None:
            seen.append(f"{request.method} {path}" + (f" {params['q']}" if "q" in params else ""))
        reply = router.dispatch(ctx, Call(request.method, path, version, query=params,
                                          headers={k.lower(): v for k, v in request.headers.items()},
                                          body=body, raw_body=request.content))  # fmt: skip
        if isinstance(reply.body, bytes):
            return httpx.Response(reply.status, content=reply.body, headers=reply.headers)
        if reply.body is None:
            return httpx.Response(reply.status, headers=reply.headers)
        return httpx.Response(reply.status, json=reply.body, headers=reply.headers)

    return httpx.MockTransport(handle)


def call(ctx: Context, method: str, path: str, body: Any = None, **query_: str) -> Reply:
    return router.dispatch(ctx, Call(method, path, VERSION, query=query_, body=body))
