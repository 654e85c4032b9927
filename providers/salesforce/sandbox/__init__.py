"""The built-in Salesforce sandbox: a wire-compatible emulator of the Salesforce REST and
Tooling APIs the provider uses, persisted in SQLite."""
