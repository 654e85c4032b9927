"""The sandbox's SOQL subset: parse errors with Salesforce's messages, selection and WHERE
semantics (nulls, case, relationships, dates). Aggregates, ordering and the properties
checked against a plain Python evaluation are in test_soql_results.py."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from revops_as_code.providers.salesforce.sandbox.soql import (
    SoqlError,
    execute,
    parse,
)

from .soql_rows import ROWS, names, refused, run


# -- parse errors ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "token", "column"),
    [
        ("SELECT Id FORM Opportunity", "FORM", 11),
        ("SELECT Id FROM", "<EOF>", 15),
        ("SELECT Id, FROM Opportunity", "FROM", 12),
        ("SELECT Id FROM Opportunity WHERE", "<EOF>", 33),
        ("SELECT Id FROM Opportunity WHERE Amount >", "<EOF>", 42),
        ("SELECT Id FROM Opportunity LIMIT x", "x", 34),
        ("SELECT Id FROM Opportunity ORDER BY Name SIDEWAYS", "SIDEWAYS", 42),
        ("SELECT Id FROM Opportunity WHERE (Amount > 1", "<EOF>", 45),
        ("SELECT Id FROM Opportunity WHERE A = 1 AND B = 2 OR C = 3", "OR", 50),
        ("SELECT Id FROM Opportunity WHERE A = 1 OR B = 2 AND C = 3", "AND", 49),
        ("SELECT Id FROM Opportunity HAVING COUNT(Id) > 1", "HAVING", 28),
        ("SELECT COUNT(Id) AS n FROM Opportunity", "n", 21),
    ],
)
def test_syntax_errors_name_the_token_and_place(text: str, token: str, column: int) -> None:
    with pytest.raises(SoqlError) as caught:
        parse(text)
    error = caught.value
    assert error.error_code == "MALFORMED_QUERY"
    assert error.message.endswith(f"\nunexpected token: '{token}'")
    assert f"ERROR at Row:1:Column:{column}\n" in error.message
    caret_line = error.message.split("\n")[2]
    assert caret_line == " " * (column - 1) + "^"


def test_errors_on_later_lines_report_the_row() -> None:
    with pytest.raises(SoqlError) as caught:
        parse("SELECT Id\nFROM Opportunity\nWHERE Name = 'x' OOPS")
    assert "ERROR at Row:3:Column:18" in caught.value.message
    assert caught.value.message.startswith("\nWHERE Name = 'x' OOPS\n")


def test_unterminated_and_badly_escaped_strings_are_malformed() -> None:
    with pytest.raises(SoqlError, match="mismatched character '<EOF>'"):
        parse("SELECT Id FROM Lead WHERE Name = 'open")
    with pytest.raises(SoqlError, match=r"Illegal character sequence '\\q'"):
        parse("SELECT Id FROM Lead WHERE Name = 'a\\qb'")


def test_reserved_words_are_salesforces_list() -> None:
    assert parse("SELECT Id, Type FROM Order ORDER BY Id").sobject == "Order"
    with pytest.raises(SoqlError, match="unexpected token: 'Limit'"):
        parse("SELECT Id, Limit FROM Account")


def test_parse_exposes_what_the_route_needs() -> None:
    query = parse("select fullname, Metadata from CustomField where DeveloperName = 'X'")
    assert query.sobject == "CustomField"
    assert query.selects_metadata
    assert not parse("SELECT Id, DeveloperName FROM CustomField").selects_metadata
    assert parse("SELECT COUNT() FROM Lead").count_only
    assert not parse("SELECT COUNT(Id) FROM Lead").count_only


# -- selecting ------------------------------------------------------------------------------
def test_relationship_fields_nest_and_null_relationships_are_none() -> None:
    result = run(
        "SELECT Name, account.name, Account.ICP_Tier__c, LastModifiedBy.Name "
        "FROM Opportunity WHERE Name LIKE 'beta%' OR Name LIKE 'acme%'"
    )
    by_name = {r["Name"]: r for r in result.records}
    assert by_name["Acme renewal"] == {
        "Name": "Acme renewal",
        "Account": {"Name": "Acme", "ICP_Tier__c": "Tier 1"},
        "LastModifiedBy": {"Name": "Priya Shah"},
    }
    assert by_name["beta expansion"]["Account"] is None
    assert "attributes" not in by_name["beta expansion"]


def test_results_use_the_rows_key_casing() -> None:
    result = run("SELECT NAME, stagename FROM opportunity WHERE ID = '006000000000004AAA'")
    assert result.records == [{"Name": "delta_new", "StageName": "Prospecting"}]


def test_unknown_columns_are_invalid_field_with_salesforces_message() -> None:
    known = {"id", "name", "account.name"}
    error = refused("SELECT Id, Foo__c FROM Opportunity", columns=lambda p: p.lower() in known)
    assert error.error_code == "INVALID_FIELD"
    assert error.message.endswith(
        "No such column 'Foo__c' on entity 'Opportunity'. If you are attempting to use a custom "
        "field, be sure to append the '__c' after the custom field name. Please reference your "
        "WSDL or the describe call for the appropriate names."
    )
    assert "ERROR at Row:1:Column:12" in error.message
    where = refused("SELECT Id FROM Opportunity WHERE Bar__c = 1", columns=lambda p: p == "Id")
    assert "No such column 'Bar__c'" in where.message
    rel = refused("SELECT Acount.Name FROM Opportunity", columns=lambda p: p.lower() in known)
    assert rel.error_code == "INVALID_FIELD"
    assert "Didn't understand relationship 'Acount' in field path" in rel.message
    assert run("SELECT Id, Account.Name FROM Opportunity", columns=lambda p: p.lower() in known)


def test_duplicate_selected_fields_are_refused() -> None:
    assert "duplicate field selected: name" in refused("SELECT Name, name FROM Opportunity").message


# -- WHERE ---------------------------------------------------------------------------------
def test_text_compares_case_insensitively() -> None:
    assert names("SELECT Name FROM Opportunity WHERE Name = 'ACME RENEWAL'") == ["Acme renewal"]
    assert names("SELECT Name FROM Opportunity WHERE StageName IN ('demo')") == [
        "Acme renewal",
        "beta expansion",
    ]


def test_not_equal_and_not_in_match_nulls() -> None:
    assert names("SELECT Name FROM Opportunity WHERE Amount != 5000") == [
        "beta expansion",
        "Gamma 100% deal",
        "delta_new",
    ]
    assert names("SELECT Name FROM Opportunity WHERE Account.ICP_Tier__c NOT IN ('Tier 1')") == [
        "beta expansion",
        "Gamma 100% deal",
        "delta_new",
    ]
    assert names("SELECT Name FROM Opportunity WHERE Amount < 1000000") == [
        "Acme renewal",
        "Gamma 100% deal",
        "delta_new",
    ]


def test_null_comparisons_and_zero_is_not_null() -> None:
    assert names("SELECT Name FROM Opportunity WHERE Amount = null") == ["beta expansion"]
    assert names("SELECT Name FROM Opportunity WHERE Amount = 0") == ["delta_new"]
    assert len(names("SELECT Name FROM Opportunity WHERE Amount != NULL")) == 3


def test_and_or_not_and_parentheses() -> None:
    text = (
        "SELECT Name FROM Opportunity WHERE (StageName = 'Demo' AND Amount = null) "
        "OR (NOT IsClosed = false)"
    )
    assert names(text) == ["beta expansion", "Gamma 100% deal"]
    assert names("SELECT Name FROM Opportunity WHERE NOT (Amount > 10 OR Amount = null)") == [
        "delta_new"
    ]
    assert names(
        "SELECT Name FROM Opportunity WHERE IsClosed = TRUE AND Amount > 1 AND "
        "Account.Name = 'gamma'"
    ) == ["Gamma 100% deal"]


def test_like_wildcards_and_escapes() -> None:
    assert names("SELECT Name FROM Opportunity WHERE Name LIKE '%100\\%%'") == ["Gamma 100% deal"]
    assert names("SELECT Name FROM Opportunity WHERE Name LIKE 'delta\\_%'") == ["delta_new"]
    assert names("SELECT Name FROM Opportunity WHERE Name LIKE '_eta%'") == ["beta expansion"]
    assert names("SELECT Name FROM Opportunity WHERE Name LIKE 'ACME%'") == ["Acme renewal"]
    assert names("SELECT Name FROM Opportunity WHERE Name LIKE 'acme'") == []


def test_string_escapes_decode() -> None:
    rows = [{"Name": "O'Brien \\ co"}, {"Name": "line\nbreak"}]
    found = run("SELECT Name FROM Lead WHERE Name IN ('O\\'Brien \\\\ co', 'line\\nbreak')", rows)
    assert found.total_size == 2


def test_includes_and_excludes_on_multiselect() -> None:
    assert names("SELECT Name FROM Opportunity WHERE Segments__c INCLUDES ('smb')") == [
        "Acme renewal",
        "delta_new",
    ]
    assert names(
        "SELECT Name FROM Opportunity WHERE Segments__c INCLUDES ('SMB;EMEA', 'Enterprise')"
    ) == ["Acme renewal", "beta expansion"]
    assert names("SELECT Name FROM Opportunity WHERE Segments__c EXCLUDES ('SMB')") == [
        "beta expansion",
        "Gamma 100% deal",
    ]
    error = refused("SELECT Name FROM Opportunity WHERE StageName INCLUDES ('Demo')")
    assert error.message.endswith("includes or excludes operator only valid on multipicklist field")


def test_fifteen_character_ids_match_their_eighteen_character_form() -> None:
    assert names("SELECT Name FROM Opportunity WHERE Id = '006000000000003'") == ["Gamma 100% deal"]
    assert names("SELECT Name FROM Opportunity WHERE Id = '006000000000003aaa'") == [
        "Gamma 100% deal"
    ]  # the 18-character form is case-safe
    assert names("SELECT Name FROM Opportunity WHERE Id = '006000000000003AAB'") == []


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("CloseDate = 2026-03-15", ["Acme renewal"]),
        ("CloseDate < 2026-03-15", ["Gamma 100% deal"]),
        ("CloseDate >= 2026-03-15", ["Acme renewal", "delta_new"]),
        ("CloseDate = TODAY", ["Acme renewal"]),
        ("CloseDate > TODAY", ["delta_new"]),
        ("CloseDate < TODAY", ["Gamma 100% deal"]),
        ("CloseDate = NEXT_N_DAYS:30", ["delta_new"]),
        ("CloseDate = LAST_N_DAYS:30", ["Acme renewal", "Gamma 100% deal"]),
        ("CloseDate = THIS_MONTH", ["Acme renewal"]),
        ("LastModifiedDate = TODAY", ["Acme renewal"]),
        ("LastModifiedDate = YESTERDAY", ["delta_new"]),
        ("LastModifiedDate = LAST_N_DAYS:5", ["beta expansion", "Acme renewal", "delta_new"]),
        (
            "LastModifiedDate > 2026-03-10T23:00:00Z",
            ["beta expansion", "Acme renewal", "delta_new"],
        ),
        (
            "LastModifiedDate > 2026-03-11T00:30:00+02:00",
            ["beta expansion", "Acme renewal", "delta_new"],
        ),
        ("LastModifiedDate > 2026-03-11T02:00:00+02:00", ["Acme renewal", "delta_new"]),
    ],
)
def test_dates_and_relative_date_literals(where: str, expected: list[str]) -> None:
    found = names(f"SELECT Name FROM Opportunity WHERE {where} ORDER BY LastModifiedDate")
    ordered = sorted(
        expected, key=lambda n: next(r["LastModifiedDate"] for r in ROWS if r["Name"] == n)
    )
    assert found == ordered


@pytest.mark.parametrize(
    ("literal", "start", "end"),
    [
        ("N_DAYS_AGO:3", "2026-03-12", "2026-03-13"),
        ("LAST_90_DAYS", "2025-12-15", "2026-03-16"),
        ("NEXT_90_DAYS", "2026-03-16", "2026-06-14"),
        ("THIS_WEEK", "2026-03-15", "2026-03-22"),  # 15 March 2026 is a Sunday
        ("LAST_WEEK", "2026-03-08", "2026-03-15"),
        ("NEXT_WEEK", "2026-03-22", "2026-03-29"),
        ("LAST_MONTH", "2026-02-01", "2026-03-01"),
        ("NEXT_MONTH", "2026-04-01", "2026-05-01"),
        ("THIS_QUARTER", "2026-01-01", "2026-04-01"),
        ("LAST_QUARTER", "2025-10-01", "2026-01-01"),
        ("NEXT_QUARTER", "2026-04-01", "2026-07-01"),
        ("THIS_YEAR", "2026-01-01", "2027-01-01"),
        ("LAST_YEAR", "2025-01-01", "2026-01-01"),
        ("NEXT_YEAR", "2027-01-01", "2028-01-01"),
    ],
)
def test_relative_date_literals_cover_their_interval(literal: str, start: str, end: str) -> None:
    first = datetime.fromisoformat(start).date()
    last = datetime.fromisoformat(end).date()
    rows = [{"D": d} for d in (first.isoformat(), last.isoformat(), str(first.replace(day=1)))]
    rows += [{"D": (first - timedelta(days=1)).isoformat()}]
    inside = [r["D"] for r in run(f"SELECT D FROM T WHERE D = {literal}", rows).records]
    assert first.isoformat() in inside and last.isoformat() not in inside
    assert (first - timedelta(days=1)).isoformat() not in inside
    later = [r["D"] for r in run(f"SELECT D FROM T WHERE D >= {literal}", rows).records]
    assert later == [r["D"] for r in rows if r["D"] >= start]
    before = [r["D"] for r in run(f"SELECT D FROM T WHERE D < {literal}", rows).records]
    assert before == [r["D"] for r in rows if r["D"] < start]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("Amount = '5000'", "field 'Amount' must be of type double and should not be enclosed"),
        ("Name = 5", "field 'Name' must be of type string and should be enclosed in quotes"),
        ("IsClosed = 'true'", "field 'IsClosed' must be of type boolean"),
        ("CloseDate = '2026-03-15'", "field 'CloseDate' must be of type date"),
        ("CloseDate = 2026-03-15T00:00:00Z", "field 'CloseDate' must be of type date"),
        ("LastModifiedDate > 2026-03-15", "field 'LastModifiedDate' must be of type dateTime"),
        ("Amount IN (1, 'two')", "field 'Amount' must be of type double"),
    ],
)
def test_wrongly_typed_literals_are_invalid_field(where: str, message: str) -> None:
    error = refused(f"SELECT Id FROM Opportunity WHERE {where}")
    assert error.error_code == "INVALID_FIELD"
    assert message in error.message


def test_types_are_read_from_rows_without_a_describe() -> None:
    with pytest.raises(SoqlError, match="must be of type double"):
        execute(parse("SELECT Id FROM Opportunity WHERE Amount = '1'"), ROWS)
