"""The sandbox's validation-rule formulas: what Salesforce refuses when a rule is saved
(picklist rules, unknown fields and functions, argument counts and types). Evaluation is in
test_formula_evaluate.py."""

from __future__ import annotations

import pytest

from revops_as_code.providers.salesforce.sandbox.formula import (
    check,
    fields,
)

from .formula_types import field_type, refused

# -- what a save of the rule refuses ---------------------------------------------------------
PICKLIST = (
    "Error: Field StageName is a picklist field. Picklist fields are only supported "
    "in certain functions."
)


@pytest.mark.parametrize(
    "formula",
    [
        'StageName = "Demo"',
        "ISBLANK(StageName)",
        "ISNULL(StageName)",
        'CONTAINS(StageName, "Dem")',
        "LEN(StageName) > 0",
        'BLANKVALUE(StageName, "x") = "x"',
        'IF(TRUE, StageName, "x") = "x"',
        'PRIORVALUE(StageName) = "Demo"',
        "ISBLANK(PRIORVALUE(StageName))",
        'StageName & "x" = "x"',
    ],
)
def test_picklists_outside_their_functions_are_refused(formula: str) -> None:
    assert refused(formula) == PICKLIST


@pytest.mark.parametrize(
    "formula",
    [
        'ISPICKVAL(StageName, "Demo")',
        'TEXT(StageName) = "Demo"',
        "ISBLANK(TEXT(StageName))",
        "ISCHANGED(StageName)",
        'ISPICKVAL(PRIORVALUE(StageName), "Demo")',
        'TEXT(PRIORVALUE(StageName)) = "Demo"',
        'CASE(StageName, "Demo", 1, "Closed Won", 2, 0) > 0',
        'CASE(PRIORVALUE(StageName), "Demo", TRUE, FALSE)',
        'ISPICKVAL(Account.ICP_Tier__c, "Tier 1")',
        'INCLUDES(Segments__c, "SMB")',
        "ISBLANK(Segments__c)",
        "ISCHANGED(Segments__c)",
        'INCLUDES(PRIORVALUE(Segments__c), "SMB")',
        "AND(NOT(ISBLANK(Amount)), Amount >= 50000)",
        "CloseDate < TODAY() && LastModifiedDate > NOW() - 5/24",
        'CloseDate >= DATE(2026, 1, 31) || LastModifiedDate < DATETIMEVALUE("2026-01-31 00:00:00")',
        "isnew() && NOT(target_account__c)",
        'RecordType.DeveloperName = "New_Business" /* record type */',
        "NOT(ISBLANK(Decision_Maker__c))",
        "ABS(VALUE(NextStep)) > 2 || BEGINS(LOWER(Name), 'acme') || UPPER(Name) == \"X\"",
    ],
)
def test_formulas_salesforce_accepts_check(formula: str) -> None:
    check(formula, field_type)


def test_multiselect_picklists_outside_their_functions_are_refused() -> None:
    assert refused('Segments__c = "SMB"') == (
        "Error: Field Segments__c is a multi-select picklist field. Multi-select picklist "
        "fields are only supported in certain functions."
    )
    assert "multi-select picklist field" in refused('TEXT(Segments__c) = "SMB"')
    assert "multi-select picklist field" in refused('ISPICKVAL(Segments__c, "SMB")')


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("Foo__c > 1", "Error: Field Foo__c does not exist. Check spelling."),
        (
            "ISBLANK(Account.Nope__c)",
            "Error: Field Account.Nope__c does not exist. Check spelling.",
        ),
        ("ISBLANKK(Amount)", "Error: Unknown function ISBLANKK. Check spelling."),
        (
            "IF(ISBLANK(Amount), TRUE)",
            "Error: Incorrect number of parameters for function 'IF()'. Expected 3, received 2",
        ),
        (
            "NOT(TRUE, FALSE)",
            "Error: Incorrect number of parameters for function 'NOT()'. Expected 1, received 2",
        ),
        (
            "ISNEW(Amount)",
            "Error: Incorrect number of parameters for function 'ISNEW()'. Expected 0, received 1",
        ),
        (
            'CASE(Amount, 1, "a", 2, "b") = "a"',
            "Error: Incorrect number of parameters for function 'CASE()'. Expected 6, received 5",
        ),
        (
            'TEXT(IsClosed) = "true"',
            "Error: Incorrect parameter type for function 'TEXT()'. Expected Number, Date, "
            "Date/Time, Picklist, received Boolean",
        ),
        (
            'ISPICKVAL(Name, "x")',
            "Error: Incorrect parameter type for function 'ISPICKVAL()'. Expected Picklist, "
            "received Text",
        ),
        (
            "ISPICKVAL(StageName, 5)",
            "Error: Incorrect parameter type for function 'ISPICKVAL()'. Expected Text, "
            "received Number",
        ),
        (
            "INCLUDES(Segments__c, Name)",
            "Error: Incorrect parameter type for function 'INCLUDES()'. Expected Text Literal, "
            "received an expression",
        ),
        (
            "AND(Amount, TRUE)",
            "Error: Incorrect parameter type for function 'AND()'. Expected Boolean, received Number",
        ),
        (
            'IF(IsClosed, 1, "one") = 1',
            "Error: Incorrect parameter type for function 'IF()'. Expected Number, received Text",
        ),
        (
            'Amount > "5"',
            "Error: Incorrect parameter type for operator '>'. Expected Number, received Text",
        ),
        (
            "CloseDate > NOW()",
            "Error: Incorrect parameter type for operator '>'. Expected Date, received Date/Time",
        ),
        (
            "IsClosed > FALSE",
            "Error: Incorrect parameter type for operator '>'. Expected Number, Text, Date, "
            "Date/Time, received Boolean",
        ),
        (
            "ISCHANGED(TEXT(StageName))",
            "Error: Incorrect parameter type for function 'ISCHANGED()'. Expected Field, "
            "received Text",
        ),
        (
            "Amount",
            "Error: Formula result is data type (Number), incompatible with expected "
            "data type (true or false).",
        ),
        ("AND(ISBLANK(Amount)", "Error: Syntax error.  Missing ')'"),
        ("AND(ISBLANK(Amount)))", "Error: Syntax error.  Extra ')'"),
        ("ISBLANK(Amount),", "Error: Syntax error.  Extra ','"),
        ("", "Error: Syntax error.  Found 'end of formula'"),
        ("Amount > ", "Error: Syntax error.  Found 'end of formula'"),
        ("Amount >> 1", "Error: Syntax error.  Found '>'"),
        ("Amount # 1", "Error: Syntax error.  Found '#'"),
        ('Name = "open', 'Error: Syntax error.  Missing "'),
    ],
)
def test_refusals_read_like_salesforces(formula: str, message: str) -> None:
    assert refused(formula) == message


def test_fields_lists_every_path_as_written() -> None:
    formula = (
        'AND(ISPICKVAL(StageName, "Demo"), OR(ISBLANK(Amount), '
        'ISPICKVAL(Account.ICP_Tier__c, "T1")), NOT(ISCHANGED(StageName)))'
    )
    assert fields(formula) == {"StageName", "Amount", "Account.ICP_Tier__c"}
    assert fields("ISNEW() && TODAY() > DATE(2026, 1, 1)") == frozenset()
