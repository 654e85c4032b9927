"""The Marketo provider: field standards as Marketo lead fields."""
