"""wire_org: a tiny Salesforce org behind `httpx.MockTransport`, for the provider's read tests before
(and beside) the sandbox: the token endpoint, REST and Tooling `composite` with describe,
query (answered by the FROM object, paged) and Tooling GETs by Id. Shapes follow
Salesforce's documented responses; every request is recorded."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from revops_as_code.providers.salesforce import SalesforceProvider

INSTANCE = "https://mock.my.salesforce.com"
ROOT = "/services/data/v63.0"
BY = {"Name": "Ada Admin"}
WHEN = "2026-11-30T10:00:00.000+0000"


def describe_field(name: str, type_: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": name, "label": name.removesuffix("__c").replace("_", " "), "type": type_,
        "custom": name.endswith("__c"), "length": 0, "precision": 0, "scale": 0,
        "calculated": False, "autoNumber": False, "inlineHelpText": None, "picklistValues": [],
        "referenceTo": [], "extraTypeInfo": None, "htmlFormatted": False,
    }  # fmt: skip
    base.update(extra)
    return base


def picklist(
    *values: str, inactive: tuple[str, ...] = (), default: str | None = None
) -> list[dict[str, Any]]:
    out = [
        {"value": v, "label": v, "active": True, "defaultValue": v == default, "validFor": None}
        for v in values
    ]
    out += [
        {"value": v, "label": v, "active": False, "defaultValue": False, "validFor": None}
        for v in inactive
    ]
    return out


@dataclass
class MockOrg:
    describes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """SOQL FROM object -> rows (REST and Tooling share the namespace; names differ)."""
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Tooling Id -> the GET body."""
    page_size: int = 2000
    used: int = 10
    """API requests used of 15,000 (sent in every `Sforce-Limit-Info`)."""
    requests: list[str] = field(default_factory=list)
    """`METHOD path` of every API call (token requests excluded)."""
    _cursors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _serial: int = 0
    write: Callable[[str, str, Any], tuple[int, Any]] | None = None
    """Answers writes: (method, path under the version root, body) -> (status, body)."""
    composites: list[list[dict[str, Any]]] = field(default_factory=list)
    """The subrequests of every composite call."""

    def provider(self, **extra: Any) -> SalesforceProvider:
        settings = {
            "instance_url": INSTANCE,
            "client_id": "test-client",
            "credentials": "test-secret",
            **extra,
        }
        return SalesforceProvider(settings, transport=httpx.MockTransport(self.handle))

    # -- the wire ---------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/services/oauth2/token":
            return httpx.Response(
                200, json={"access_token": "mock-token", "instance_url": INSTANCE}
            )
        self.requests.append(f"{request.method} {path}")
        headers = {"Sforce-Limit-Info": f"api-usage={self.used}/15000"}
        if path.endswith("/composite"):
            body = json.loads(request.content)
            self.composites.append(list(body["compositeRequest"]))
            answers = [
                self._sub(s["method"], s["url"], s["referenceId"], s.get("body"))
                for s in body["compositeRequest"]
            ]
            return httpx.Response(200, json={"compositeResponse": answers}, headers=headers)
        if request.method != "GET" and self.write is not None:
            status, answer = self.write(
                request.method, path.removeprefix(ROOT), json.loads(request.content or b"null")
            )
            return (
                httpx.Response(status, json=answer, headers=headers)
                if answer is not None
                else httpx.Response(status, headers=headers)
            )
        status, payload = self._route(
            request.method, path + ("?" + request.url.query.decode() if request.url.query else "")
        )
        return httpx.Response(status, json=payload, headers=headers)

    def _sub(self, method: str, url: str, ref: str, payload: Any = None) -> dict[str, Any]:
        if method != "GET" and self.write is not None:
            status, body = self.write(method, urlsplit(url).path.removeprefix(ROOT), payload)
        else:
            status, body = self._route(method, url)
        return {"body": body, "httpHeaders": {}, "httpStatusCode": status, "referenceId": ref}

    def _route(self, method: str, url: str) -> tuple[int, Any]:
        parts = urlsplit(url)
        path = parts.path.removeprefix(ROOT)
        if method == "GET" and (m := re.fullmatch(r"/sobjects/(\w+)/describe", path)):
            return 200, {"name": m.group(1), "fields": self.describes.get(m.group(1), [])}
        if method == "GET" and re.fullmatch(r"/(tooling/)?query/?", path):
            soql = parse_qs(parts.query)["q"][0]
            table = re.search(r"\bFROM\s+(\w+)", soql, re.I)
            rows = list(self.rows.get(table.group(1) if table else "", []))
            return 200, self._page(rows, path.startswith("/tooling"))
        if method == "GET" and (m := re.fullmatch(r"/(tooling/)?query/([\w-]+)", path)):
            rest = self._cursors.pop(m.group(2))
            return 200, self._page(rest, bool(m.group(1)))
        if method == "GET" and (m := re.fullmatch(r"/tooling/sobjects/(\w+)/(\w+)", path)):
            body = self.metadata.get(m.group(2))
            if body is None:
                return 404, [
                    {"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}
                ]
            return 200, body
        return 404, [{"message": f"no route {method} {path}", "errorCode": "NOT_FOUND"}]

    def _page(self, rows: list[dict[str, Any]], tooling: bool) -> dict[str, Any]:
        page, rest = rows[: self.page_size], rows[self.page_size :]
        body: dict[str, Any] = {"totalSize": len(rows), "done": not rest, "records": page}
        if rest:
            self._serial += 1
            cursor = f"01g{self._serial:05d}-{len(page)}"
            self._cursors[cursor] = rest
            body["nextRecordsUrl"] = f"{ROOT}/{'tooling/' if tooling else ''}query/{cursor}"
        return body


def standard_org() -> MockOrg:
    """An org with a few custom fields, the stage and status sets, a process, a record type
    and a rule: one of each thing the read maps."""
    org = MockOrg()
    stages = [
        ("Prospecting", 10, "Pipeline", False, False),
        ("Negotiation", 60, "Forecast", False, False),
        ("Closed Won", 100, "Closed", True, True),
        ("Closed Lost", 0, "Omitted", True, False),
        ("Dormant", 5, "Pipeline", False, False),
    ]
    org.describes = {
        "Opportunity": [
            describe_field("Id", "id"),
            describe_field("Amount", "currency", precision=18, scale=2),
            describe_field("StageName", "picklist", picklistValues=picklist(
                "Prospecting", "Negotiation", "Closed Won", "Closed Lost", inactive=("Dormant",),
                default="Prospecting")),
            describe_field("Type", "picklist", picklistValues=picklist("New Business", "Renewal")),
            describe_field("Budget__c", "currency", precision=16, scale=2, inlineHelpText="Confirmed budget"),
            describe_field("Notes__c", "textarea", length=32768, extraTypeInfo="plaintextarea"),
            describe_field("Champion__c", "reference", referenceTo=["User"]),
            describe_field("Score__c", "double", precision=18, scale=0, calculated=True),
        ],
        "Lead": [
            describe_field("Status", "picklist", picklistValues=picklist("Open", "Working", "Converted", default="Open")),
            describe_field("Tier__c", "picklist", picklistValues=picklist("Gold", "Silver", inactive=("Bronze",))),
            describe_field("Email__c", "email", length=80),
        ],
        "Account": [describe_field("Short__c", "textarea", length=255, extraTypeInfo="plaintextarea")],
        "Contact": [],
        "Case": [],
    }  # fmt: skip
    org.rows["OpportunityStage"] = [
        {"Id": f"01J00000000000{i}", "ApiName": name, "MasterLabel": name, "IsActive": name != "Dormant",
         "SortOrder": i, "DefaultProbability": p, "ForecastCategory": fc, "IsClosed": closed, "IsWon": won}
        for i, (name, p, fc, closed, won) in enumerate(stages)
    ]  # fmt: skip
    org.rows["LeadStatus"] = [
        {"Id": f"01H00000000000{i}", "ApiName": s, "MasterLabel": s, "IsActive": True, "SortOrder": i,
         "IsConverted": s == "Converted", "IsDefault": s == "Open"}
        for i, s in enumerate(["Open", "Working", "Converted"])
    ]  # fmt: skip
    org.rows["CustomField"] = [
        {"Id": f"00N00000000000{i}", "DeveloperName": name, "NamespacePrefix": None, "TableEnumOrId": obj,
         "Description": f"{name} description", "LastModifiedDate": WHEN, "LastModifiedBy": BY}
        for i, (obj, name) in enumerate([("Opportunity", "Budget"), ("Opportunity", "Notes"),
                                         ("Opportunity", "Champion"), ("Opportunity", "Score"),
                                         ("Lead", "Tier"), ("Lead", "Email"), ("Account", "Short")])
    ]  # fmt: skip
    org.rows["ValidationRule"] = [
        {"Id": "03d000000000001", "ValidationName": "Budget_Required", "Active": True,
         "EntityDefinition": {"QualifiedApiName": "Opportunity"}, "LastModifiedDate": WHEN, "LastModifiedBy": BY},
        {"Id": "03d000000000002", "ValidationName": "Custom_Object_Rule", "Active": True,
         "EntityDefinition": {"QualifiedApiName": "Invoice__c"}, "LastModifiedDate": WHEN, "LastModifiedBy": BY},
    ]  # fmt: skip
    org.metadata["03d000000000001"] = {
        "Id": "03d000000000001", "FullName": "Opportunity.Budget_Required",
        "Metadata": {"active": True, "errorConditionFormula": 'AND(ISPICKVAL(StageName, "Negotiation"), ISBLANK(Budget__c))',
                     "errorMessage": "Enter the budget before Negotiation.", "errorDisplayField": "Budget__c",
                     "description": None},
    }  # fmt: skip
    org.rows["BusinessProcess"] = [
        {"Id": "019000000000001", "Name": "New Business", "TableEnumOrId": "Opportunity",
         "LastModifiedDate": WHEN, "LastModifiedBy": BY},
    ]  # fmt: skip
    org.metadata["019000000000001"] = {
        "Id": "019000000000001", "FullName": "Opportunity.New Business",
        "Metadata": {"description": "Net new", "isActive": True,
                     "values": [{"fullName": "Prospecting", "default": True}, {"fullName": "Closed Won", "default": False}]},
    }  # fmt: skip
    org.metadata["00N000000000001"] = {
        "Id": "00N000000000001", "FullName": "Opportunity.Notes__c",
        "Metadata": {"label": "Notes", "type": "LongTextArea", "length": 32768, "visibleLines": 7},
    }  # fmt: skip
    org.rows["RecordType"] = [
        {"Id": "012000000000001", "DeveloperName": "New_Business", "Name": "New Business", "Description": None,
         "IsActive": True, "BusinessProcessId": "019000000000001", "SobjectType": "Opportunity",
         "LastModifiedDate": WHEN, "LastModifiedBy": BY},
    ]  # fmt: skip
    org.rows["StandardValueSet"] = [
        {"Id": "0Ct000000000001", "MasterLabel": "OpportunityStage", "LastModifiedDate": WHEN, "LastModifiedBy": BY},
        {"Id": "0Ct000000000002", "MasterLabel": "LeadStatus", "LastModifiedDate": WHEN, "LastModifiedBy": BY},
    ]  # fmt: skip
    return org


__all__ = ["INSTANCE", "MockOrg", "describe_field", "picklist", "standard_org"]
