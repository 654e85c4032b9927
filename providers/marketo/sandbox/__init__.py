"""The built-in Marketo sandbox: a wire-compatible emulator of the Marketo REST APIs the
provider uses, persisted in SQLite."""
