"""`revops docs build|serve`: the revenue handbook, the definitions as a static website.

`build` validates the definitions and writes the site (`site/` by default); `--audit`
adds SLA compliance from `revops audit` JSON files (several files: several runs, a trend).
`serve` builds into a temporary directory, serves it on 127.0.0.1 only, rebuilds when a
definition file changes and makes open pages reload; it never listens beyond this machine.
"""

from __future__ import annotations

import functools
import http.server
import signal
import tempfile
import threading
from pathlib import Path

import click

from revops_as_code.cli.options import CliContext, global_options, handle_errors
from revops_as_code.discovery import require_project_dir
from revops_as_code.errors import DefinitionError, RevopsError

_AUDIT_HELP = (
    "Audit result to show SLA compliance from (repeatable: one file per run, for the trend): "
    "`revops audit --format json` output, or "
    '{"generated_at": ISO time, "slas": [{"key", "measured", "met"} or '
    '{"key", "compliance_percent"}], "history": [earlier runs]}.'
)


@click.group()
@global_options
def docs() -> None:
    """The revenue handbook: definitions as a website for the whole revenue team."""


@docs.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Directory to write the site into (relative to the working directory).",
)
@click.option(
    "--audit",
    "audits",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=_AUDIT_HELP,
)
@click.option(
    "--source-url",
    metavar="TEMPLATE",
    help="Link definitions here instead of to the files beside the site, e.g. "
    "'https://github.com/ORG/REPO/blob/{commit}/{path}#L{line}'.",
)
@global_options
@click.pass_obj
@handle_errors
def build(obj: CliContext, out: Path, audits: tuple[Path, ...], source_url: str | None) -> None:
    """Write the handbook of the project's definitions as a static site."""
    from revops_as_code.handbook import build_handbook

    project_dir = require_project_dir(Path(obj.start_dir))
    try:
        site = build_handbook(project_dir, out, audits=audits, source_url=source_url)
    except OSError as exc:
        raise RevopsError(
            f"cannot write the handbook to {out}: {exc.strerror or exc}",
            hint="pass --out with a directory you can write to",
        ) from None
    click.echo(f"Wrote {len(site.pages)} pages to {out}; open {out / 'index.html'}")


@docs.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--audit",
    "audits",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=_AUDIT_HELP,
)
@global_options
@click.pass_obj
@handle_errors
def serve(obj: CliContext, port: int, audits: tuple[Path, ...]) -> None:
    """Preview the handbook on http://127.0.0.1:PORT, rebuilt when a definition changes."""
    project_dir = require_project_dir(Path(obj.start_dir))
    with tempfile.TemporaryDirectory(prefix="revops-handbook-") as tmp:
        rebuilder = Rebuilder(project_dir, Path(tmp), audits)
        rebuilder.build()
        server = make_server(Path(tmp), port)
        stop = threading.Event()
        watcher = threading.Thread(target=rebuilder.watch, args=(stop,), daemon=True)
        watcher.start()
        click.echo(f"Serving the handbook on http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)")
        # A `kill` (SIGTERM) stops it like Ctrl-C, so the temporary site is removed too.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.")
        finally:
            signal.signal(signal.SIGTERM, previous)
            stop.set()
            server.server_close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Rebuilder:
    """Rebuilds the site when a definition file changes; `check()` is one poll (tests call
    it directly instead of waiting on the watcher thread's clock)."""

    def __init__(self, project_dir: Path, out: Path, audits: tuple[Path, ...]) -> None:
        self.project_dir = project_dir
        self.out = out
        self.audits = audits
        self.builds = 0
        self._seen: dict[str, float] = {}

    def _stamp(self) -> dict[str, float]:
        from revops_as_code.config import load_project

        definitions = load_project(self.project_dir).definitions_dir
        files = [self.project_dir / "revops.yaml", *definitions.rglob("*.y*ml"), *self.audits]
        return {str(p): p.stat().st_mtime_ns for p in files if p.is_file()}

    def build(self) -> None:
        from revops_as_code.handbook import build_handbook

        self._seen = self._stamp()
        self.builds += 1
        try:
            build_handbook(self.project_dir, self.out, audits=self.audits, live_reload=True)
        except DefinitionError as exc:
            # Keep serving the last good build: a half-typed edit must not take the
            # preview down. Say what is wrong, as `validate` would.
            for diagnostic in exc.diagnostics:
                click.echo(diagnostic.format(), err=True)
        except RevopsError as exc:
            click.echo(f"error: {exc}", err=True)
        (self.out / "reload.txt").write_text(str(self.builds), encoding="utf-8")

    def check(self) -> bool:
        """Rebuild if any definition changed since the last build; True if it rebuilt."""
        if self._stamp() == self._seen:
            return False
        self.build()
        click.echo(f"Rebuilt the handbook (build {self.builds}).")
        return True

    def watch(self, stop: threading.Event, interval: float = 0.5) -> None:
        while not stop.wait(interval):
            self.check()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None  # the reload poll would fill the terminal


def make_server(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `directory` bound to 127.0.0.1 (port 0: any free port)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise RevopsError(
            f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc})",
            hint="pass another --port, or stop the program using this one",
        ) from None


__all__ = ["Rebuilder", "docs", "make_server"]
