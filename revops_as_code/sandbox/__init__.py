"""Wire-compatible emulators of the vendor APIs revops talks to (DESIGN §5).

Each vendor gets a sub-package (`hubspot` first) holding an ASGI app, its SQLite store and the
ways to reach it: an in-process httpx transport (the default) and a TCP server for any client.
Nothing here is imported by `revops validate`; the HTTP stack loads only when a sandbox is used.
"""
