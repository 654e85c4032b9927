"""Route modules of the sandbox, one per API area."""
