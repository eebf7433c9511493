"""The ``thidua`` command line."""

from __future__ import annotations

import atexit
import faulthandler
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
from tqdm import tqdm

from docgen.checker import main as checker_main
from docgen.examples import EXAMPLES
from docgen.pdf import to_pdf
from docgen.render import render as render_docx
from events.errors import DomainError
from events.user import ROLES
from services.actors import SYSTEM
from services.audit.chain import ChainError
from services.audit.commands import audit
from services.audit.seal import SealingWorker, seal_every_from_environment
from services.backup import backup, read_meta, restore
from services.config import ConfigurationError, Settings, load_settings
from services.demo import load_demo
from services.logs import configure_logging
from services.metrics import MULTIPROC_ENV, multiprocess_dir
from services.projections.registry import all_projections, projection_named
from services.projections.runner import rebuild
from services.store import init_store, open_application, open_thidua

# How long serve waits for a child it asked to stop before killing it.
STOP_GRACE_SECONDS = 20.0
# A projection worker that dies is started again after this pause, doubled each time it
# dies within WORKER_STABLE_SECONDS of starting, up to the maximum.
WORKER_RESTART_DELAY = 1.0
WORKER_MAX_RESTART_DELAY = 60.0
WORKER_STABLE_SECONDS = 60.0

log = logging.getLogger("thidua")


def _settings(*, serving: bool = False) -> Settings:
    """The settings of the environment; a serving command (serve, worker) refuses to
    start in production without its keys."""
    try:
        settings = load_settings()
        settings.backend  # noqa: B018 - validates the URL scheme early
        if serving:
            settings.check_environment()
        return settings
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from None


def _fail(exc: DomainError) -> click.ClickException:
    field = f" [{exc.field}]" if exc.field else ""
    return click.ClickException(f"{exc.message}{field}")


@click.group()
def main() -> None:
    """thidua — quản lý thi đua, khen thưởng (event-sourced)."""


@main.group()
def db() -> None:
    """Event store administration."""


@db.command("init")
def db_init() -> None:
    """Create the store's schema and tables (once, before starting workers)."""
    settings = _settings()
    empty = init_store(settings)
    where = settings.sqlite_path if settings.backend == "sqlite" else settings.postgres_schema()
    click.echo(f"store ready ({settings.backend}: {where}){' — empty' if empty else ''}")


@main.command()
def demo() -> None:
    """Load the demo data set (Lai Châu, Kế hoạch 117/KH-LĐLĐ) into an initialised store."""
    settings = _settings()
    init_store(settings)
    thidua = open_thidua(settings)
    try:
        counts = load_demo(thidua, progress=lambda msg: click.echo(f"  {msg}", err=True))
    except DomainError as exc:
        raise _fail(exc) from None
    finally:
        thidua.close()
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--password", envvar="THIDUA_PASSWORD", default=None,
              help="Also read from THIDUA_PASSWORD; prompted for when absent.")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--unit", "unit_code", default=None, help="Unit code for unit-scoped roles.")
@click.option("--full-name", default=None, help="The person's name (Biên bản, pages).")
@click.option("--person-id", default=None,
              help="The person (GET /api/v1/people) the account belongs to: a council member "
                   "who is a nominee, or leads a nominated collective, is recused.")
def users_create(username: str, password: str | None, role: str, unit_code: str | None,
                 full_name: str | None, person_id: str | None) -> None:
    """Create a user account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    thidua = open_thidua(_settings())
    try:
        user = thidua.accounts.create_user(
            username=username, password=password, role=role, unit_code=unit_code,
            full_name=full_name, person_id=person_id, actor=SYSTEM)
    except DomainError as exc:
        raise _fail(exc) from None
    finally:
        thidua.close()
    name = f" «{user['full_name']}»" if user["full_name"] else ""
    click.echo(f"created user {user['username']}{name} ({user['role']}) id={user['id']}")


@main.command()
@click.option("--poll-interval", default=0.1, show_default=True, type=float)
@click.option("--page-size", default=1000, show_default=True, type=int,
              help="Notifications per transaction.")
def worker(poll_interval: float, page_size: int) -> None:
    """Keep the projections up to date and seal the audit chain every
    THIDUA_AUDIT_SEAL_EVERY notifications (SIGTERM stops it cleanly between pages).

    On PostgreSQL any number of workers may run: each view is led by one of them (an
    advisory lock), and another takes it over within seconds when its leader dies."""
    settings = _settings(serving=True)
    configure_logging()
    try:
        seal_every = seal_every_from_environment()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    app = open_application(settings)
    runner = SealingWorker(app, all_projections(), poll_interval=poll_interval, page_size=page_size,
                           seal_every=seal_every)

    def stop(signum: int, frame: object) -> None:
        # One SIGTERM is enough (serve forwards one and a group kill sends another). Ignoring
        # the rest also covers interpreter shutdown, which puts Python's handlers back to the
        # default and would let a late SIGTERM kill a worker that had stopped cleanly.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        runner.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # `kill -USR1` prints every thread's stack (serve does so before killing a stuck worker).
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    log.info("projection worker started")
    try:
        runner.run()
    finally:
        app.close()
    log.info("projection worker stopped")


@main.command("backup")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Tệp sao lưu sẽ ghi (một tệp SQLite).")
def backup_command(out: str) -> None:
    """Sao lưu toàn bộ kho (sự kiện, tệp đính kèm, cả mật khẩu đã băm) thành một tệp.

    Chỉ quản trị hệ thống chạy; giữ tệp kín như chính cơ sở dữ liệu.
    """
    app = open_application(_settings())
    try:
        with tqdm(total=app.last_position(), unit="sk", desc="sao lưu", file=sys.stderr) as bar:
            summary = backup(app, Path(out), progress=bar.update)
    except DomainError as exc:
        raise _fail(exc) from None
    finally:
        app.close()
    click.echo(f"Đã sao lưu {summary.events} sự kiện (đến sự kiện số {summary.last_position}) "
               f"và {summary.files} tệp vào {out}; mắt xích cuối: {summary.head_link}")


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def restore_command(file: str) -> None:
    """Khôi phục một bản sao lưu vào kho trống, kiểm tra chuỗi băm, rồi dựng các bảng chiếu."""
    settings = _settings()
    init_store(settings)
    app = open_application(settings)
    try:
        meta = read_meta(Path(file))
        with tqdm(total=int(meta["events"]), unit="sk", desc="khôi phục",
                  file=sys.stderr) as bar:
            summary = restore(app, Path(file), progress=bar.update)
        for projection in all_projections():
            with tqdm(total=summary.last_position, unit="sk", desc=projection.view,
                      file=sys.stderr) as bar:
                rebuild(app, projection, progress=bar.update)
    except DomainError as exc:
        raise _fail(exc) from None
    finally:
        app.close()
    click.echo(f"Đã khôi phục {summary.events} sự kiện (đến sự kiện số "
               f"{summary.last_position}) và {summary.files} tệp; mắt xích cuối: "
               f"{summary.head_link}. Các bảng chiếu đã được dựng lại.")


@main.group()
def projections() -> None:
    """Projection administration."""


@projections.command("rebuild")
@click.argument("name", required=False)
def projections_rebuild(name: str | None) -> None:
    """Rebuild a view (default: all) from position 0; reads use the old rows meanwhile."""
    settings = _settings()
    app = open_application(settings)
    try:
        try:
            chosen = [projection_named(name)] if name else all_projections()
        except KeyError as exc:
            raise click.ClickException(str(exc.args[0])) from None
        for projection in chosen:
            with tqdm(total=app.last_position(), unit="ev", desc=projection.view,
                      file=sys.stderr) as bar:
                try:
                    store = rebuild(app, projection, progress=bar.update)
                except ChainError as exc:
                    raise click.ClickException(
                        f"{projection.view}: không dựng lại được — {exc}") from None
            click.echo(f"{projection.view}: generation {store.generation} active at position "
                       f"{store.max_tracking_id(app.name) or 0}")
    finally:
        app.close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int, envvar="THIDUA_PORT",
              help="Also from THIDUA_PORT.")
@click.option("--workers", default=2, show_default=True, type=int,
              help="gunicorn worker processes.")
@click.option("--demo/--no-demo", "with_demo", default=False,
              help="Load the demo data set when the store is empty.")
@click.option("--init/--no-init", "with_init", default=True,
              help="Create the store's tables first (--no-init: `thidua db init` ran once "
                   "before, as several app nodes on PostgreSQL need).")
@click.option("--worker/--no-worker", "with_worker", default=True,
              help="Also run the projection worker (--no-worker: `thidua worker` runs apart).")
def serve(host: str, port: int, workers: int, with_demo: bool, with_init: bool,
          with_worker: bool) -> None:
    """Initialise the store if needed, then run gunicorn and the projection worker."""
    settings = _settings(serving=True)
    configure_logging()
    empty = init_store(settings) if with_init else False
    if empty and with_demo:
        log.info("loading the demo data set (first start)")
        thidua = open_thidua(settings)
        try:
            load_demo(thidua, progress=lambda msg: log.info("demo: %s", msg))
        finally:
            thidua.close()
    settings.resolve_secret_key()  # created once here, so every worker reads the same key
    env = {**os.environ, "THIDUA_DATA_DIR": str(settings.data_dir)}
    # gunicorn's workers and the projection worker sum their counters through one folder.
    metrics_dir, ours = multiprocess_dir(env)
    env[MULTIPROC_ENV] = str(metrics_dir)
    if ours:
        atexit.register(shutil.rmtree, metrics_dir, ignore_errors=True)
    bin_dir = Path(sys.executable).parent
    worker_command = [str(bin_dir / "thidua"), "worker"]
    worker = subprocess.Popen(worker_command, env=env) if with_worker else None
    web = subprocess.Popen([
        str(bin_dir / "gunicorn"), "--bind", f"{host}:{port}", "--workers", str(workers),
        "--access-logfile", "-", "--graceful-timeout", "10",
        # Its own log and the access log as JSON lines, like ours (services/logs.py).
        "--logger-class", "services.logs.GunicornLogger",
        # No control socket: every gunicorn of a machine would share ~/.gunicorn/gunicorn.ctl.
        "--no-control-socket",
        # Its own refusals (a URL over 4094 bytes, headers too large) in our JSON shape.
        "--worker-class", "services.web.gunicorn_worker.JsonErrorWorker",
        "services.web:create_app()"], env=env)
    stopping: list[int] = []

    def forward(signum: int, frame: object) -> None:
        stopping.append(signum)
        for child in (worker, web):
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    # The web tier ending ends the service. A projection worker that dies is started
    # again, waiting longer each time it dies soon after starting: the pages and the API
    # go on meanwhile (its views only fall behind).
    delay, started = WORKER_RESTART_DELAY, time.monotonic()
    while web.poll() is None and not stopping:
        if worker is not None and worker.poll() is not None:
            code = worker.returncode
            if time.monotonic() - started > WORKER_STABLE_SECONDS:
                delay = WORKER_RESTART_DELAY
            log.warning("projection worker ended (%s); starting it again in %.0f s",
                        code, delay)
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and web.poll() is None and not stopping:
                time.sleep(0.2)
            if web.poll() is not None or stopping:
                break
            worker = subprocess.Popen(worker_command, env=env)
            started, delay = time.monotonic(), min(WORKER_MAX_RESTART_DELAY, delay * 2)
        time.sleep(0.2)
    unexpected = not stopping
    # A worker that had died and waits to be started again has nothing left to stop.
    children = [web] + ([worker] if worker is not None and worker.poll() is None else [])
    forward(signal.SIGTERM, None)
    codes = [_stopped(child) for child in children]
    # A child ended by the SIGTERM we forwarded (even before its handler was set) is a
    # clean stop; a child that died on its own is not.
    failed = [c for c in codes if c not in (0, -signal.SIGTERM)] or ([1] if unexpected else [])
    sys.exit(abs(failed[0]) if failed else 0)


def _stopped(child: subprocess.Popen[bytes], grace: float = STOP_GRACE_SECONDS) -> int:
    """Wait for a child we asked to stop; a stuck one prints its stacks and is killed."""
    try:
        return child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log.error("%s did not stop in %.0f s; its stacks follow, then it is killed",
                  " ".join(map(str, child.args[-1:])), grace)
        child.send_signal(signal.SIGUSR1)
        time.sleep(1)
        child.kill()
        child.wait()
        return 1


@main.command("check-docx")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--rules", is_flag=True, help="In bảng các quy tắc được kiểm tra và nguồn.")
def check_docx(files: tuple[str, ...], rules: bool) -> None:
    """List every NĐ 30/2020 format rule each .docx breaks (exit 1 if any)."""
    sys.exit(checker_main([*(["--rules"] if rules else []), *files]))


@main.command()
@click.argument("template")
@click.option("--context", "context_file", type=click.File("rb"),
              help="JSON file with the template's context (default: the built-in example).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option("--pdf", is_flag=True, help="Also write a PDF next to it (needs LibreOffice).")
def render(template: str, context_file: object, out: str, pdf: bool) -> None:
    """Render a document template to .docx (same input → byte-identical file)."""
    if context_file is not None:
        context = json.load(context_file)  # type: ignore[arg-type]
    elif template in EXAMPLES:
        context = EXAMPLES[template]()
    else:
        raise click.ClickException(f"no template {template!r} (known: {', '.join(EXAMPLES)})")
    data = render_docx(template, context)
    Path(out).write_bytes(data)
    click.echo(f"{out}: {len(data):,} bytes")
    if pdf:
        target = Path(out).with_suffix(".pdf")
        target.write_bytes(to_pdf(data))
        click.echo(f"{target}")


main.add_command(audit)  # the group lives with the audit code


if __name__ == "__main__":
    main()
