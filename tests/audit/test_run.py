"""`audit.run`: what an audit does with a provider that cannot read records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from revops_as_code.audit.run import audit
from revops_as_code.errors import UsageError
from revops_as_code.providers.fake import FakeProvider
from revops_as_code.validation import validate_path

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)


def test_a_provider_that_cannot_read_records_says_so() -> None:
    definitions = validate_path(Path(__file__).resolve().parents[2] / "definitions").definitions
    assert definitions is not None
    with pytest.raises(UsageError, match="cannot read records") as caught:
        audit(definitions, FakeProvider(), now=NOW, since=NOW - timedelta(days=30))
    assert "hubspot" in (caught.value.hint or "")
