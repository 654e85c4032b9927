"""Bulk API 2.0 query jobs in the sandbox: create, status, CSV result sets with
Sforce-Locator paging, and the refusals Salesforce documents."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .bulk_org import call, context, org


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode())))


def test_a_query_job_runs_and_serves_csv(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    created = call(ctx, "POST", "jobs/query", {"operation": "query",
                   "query": "SELECT Id, StageName, Amount, IsClosed, Account.Name FROM "
                            "Opportunity WHERE StageName != 'Closed Won'"})  # fmt: skip
    assert created.status == 200
    job = created.body
    assert job["state"] == "UploadComplete" and job["id"].startswith("750")
    assert job["contentType"] == "CSV" and job["object"] == "Opportunity"
    status = call(ctx, "GET", f"jobs/query/{job['id']}")
    assert status.body["state"] == "JobComplete"
    assert status.body["numberRecordsProcessed"] == 3  # 5 deals, two Closed Won
    results = call(ctx, "GET", f"jobs/query/{job['id']}/results")
    assert results.status == 200
    assert results.headers["Sforce-Locator"] == "null"
    assert results.headers["Sforce-NumberOfRecords"] == "3"
    assert results.headers["Content-Type"] == "text/csv"
    assert isinstance(results.body, bytes)
    assert results.body.splitlines()[0] == b'"Id","StageName","Amount","IsClosed","Account.Name"'
    rows = _rows(results.body)
    assert [r["StageName"] for r in rows] == ["Negotiation/Review", "Prospecting",
                                              "Negotiation/Review"]  # fmt: skip
    assert rows[0]["Account.Name"] == "Acme, Inc."  # a comma inside a quoted value
    assert rows[0]["IsClosed"] == "false"
    assert rows[2]["Amount"] == ""  # null is empty


def test_result_sets_page_with_the_locator(tmp_path: Path) -> None:
    ctx = context(tmp_path, org(opportunities=7))
    job = call(ctx, "POST", "jobs/query", {"operation": "query",
               "query": "SELECT Id FROM Opportunity"}).body  # fmt: skip
    seen: list[str] = []
    locator = None
    sets = 0
    while True:
        params = {"maxRecords": "3", **({"locator": locator} if locator else {})}
        reply = call(ctx, "GET", f"jobs/query/{job['id']}/results", **params)
        rows = _rows(reply.body)
        assert reply.headers["Sforce-NumberOfRecords"] == str(len(rows))
        seen += [r["Id"] for r in rows]
        sets += 1
        locator = reply.headers["Sforce-Locator"]
        if locator == "null":
            break
    assert sets == 3 and len(seen) == 7 and len(set(seen)) == 7


def test_what_bulk_queries_refuse(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    for soql in ("SELECT COUNT() FROM Opportunity",
                 "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName",
                 "SELECT Id FROM Opportunity OFFSET 2"):  # fmt: skip
        reply = call(ctx, "POST", "jobs/query", {"operation": "query", "query": soql})
        assert reply.status == 400, soql
        assert reply.body[0]["errorCode"] == "INVALIDJOB"
    bad_field = call(ctx, "POST", "jobs/query", {"operation": "query",
                     "query": "SELECT Nope__c FROM Opportunity"})  # fmt: skip
    assert bad_field.status == 400 and bad_field.body[0]["errorCode"] == "INVALID_FIELD"
    bad_op = call(
        ctx, "POST", "jobs/query", {"operation": "insert", "query": "SELECT Id FROM Lead"}
    )
    assert bad_op.status == 400
    assert call(ctx, "GET", "jobs/query/750000000000000AAA").status == 404
    bad_locator = call(ctx, "POST", "jobs/query", {"operation": "query",
                       "query": "SELECT Id FROM Lead"}).body  # fmt: skip
    reply = call(ctx, "GET", f"jobs/query/{bad_locator['id']}/results", locator="!!")
    assert reply.status == 400


def test_jobs_are_listed_and_deleted(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    job = call(ctx, "POST", "jobs/query", {"operation": "queryAll",
               "query": "SELECT Id FROM Lead"}).body  # fmt: skip
    listed = call(ctx, "GET", "jobs/query").body
    assert [j["id"] for j in listed["records"]] == [job["id"]]
    assert "rows" not in listed["records"][0]
    assert call(ctx, "DELETE", f"jobs/query/{job['id']}").status == 204
    assert call(ctx, "GET", f"jobs/query/{job['id']}").status == 404
    assert call(ctx, "GET", "jobs/query").body["records"] == []
