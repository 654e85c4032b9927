"""The `revops` command line: thin click commands over the Python API.

Each command lives in its own module and is imported only when invoked (see `main.py`), so
`revops validate` does not pay for the HTTP stack or the sandbox server.
"""
