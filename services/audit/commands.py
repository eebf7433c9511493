"""``thidua audit …``: verify, export, import, seal, keygen (registered in services/cli.py)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from tqdm import tqdm

from events.errors import DomainError
from services.audit.loading import check_empty
from services.audit.seal import seal_every_from_environment, seal_now
from services.audit.transfer import check_file, export_events, import_events, read_header
from services.audit.verify import verify
from services.config import ConfigurationError, Settings, load_settings, new_cipher_key
from services.store import init_store, open_application

if TYPE_CHECKING:
    from services.app import ThiduaApplication


def _settings() -> Settings:
    try:
        settings = load_settings()
        settings.backend  # noqa: B018 - validates the URL scheme early
        if settings.cipher_key:
            settings.eventsourcing_env()  # validates the key early
        return settings
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from None


def _fail(exc: DomainError) -> click.ClickException:
    return click.ClickException(exc.message)


def _open(settings: Settings) -> ThiduaApplication:
    return open_application(settings)


@click.group()
def audit() -> None:
    """Kiểm toán: chuỗi băm chống sửa đổi, niêm phong, xuất và nhập toàn bộ sự kiện."""


@audit.command("verify")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def audit_verify(as_json: bool) -> None:
    """Tính lại chuỗi băm từ dữ liệu trong kho; chỉ ra sự kiện đầu tiên không khớp."""
    app = _open(_settings())
    try:
        with tqdm(total=app.last_position(), unit="sk", desc="kiểm tra", file=sys.stderr,
                  disable=as_json) as bar:
            report = verify(app, progress=bar.update)
    finally:
        app.close()
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.summary())
        click.echo(f"Mắt xích cuối (sau sự kiện số {report.last_position}): {report.head_link}")
        for problem in report.problems:
            click.echo(f"  - sự kiện số {problem.position} [{problem.kind}]: {problem.message}")
        if report.problem_count > len(report.problems):
            click.echo(f"  … và {report.problem_count - len(report.problems)} điểm khác.")
    if not report.ok:
        sys.exit(1)


@audit.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Tệp NDJSON sẽ ghi.")
@click.option("--with-credentials", is_flag=True,
              help="Giữ cả mật khẩu đã băm (để chuyển kho bằng «audit import»); tệp khi đó "
                   "phải được giữ kín như bản sao lưu.")
def audit_export(out: str, with_credentials: bool) -> None:
    """Xuất toàn bộ sự kiện theo thứ tự, kèm mắt xích chuỗi băm (NDJSON).

    Mặc định tệp dành cho kiểm toán: các sự kiện chứa mật khẩu đã băm được giữ lại (chỉ
    còn mã băm của sự kiện), chuỗi băm vẫn kiểm tra được đầy đủ («audit check»).
    """
    target = Path(out)
    partial = target.with_name(target.name + ".partial")
    app = _open(_settings())
    bar = tqdm(unit="sk", desc="xuất", file=sys.stderr)
    try:
        with partial.open("wb") as handle:
            summary = export_events(
                app, handle, with_credentials=with_credentials, progress=bar.update,
                header_ready=lambda header: setattr(bar, "total", header["events"]))
        os.replace(partial, target)
    except DomainError as exc:
        partial.unlink(missing_ok=True)
        raise _fail(exc) from None
    finally:
        bar.close()
        app.close()
    click.echo(f"Đã xuất {summary.events} sự kiện (đến sự kiện số {summary.last_position}) "
               f"vào {target}; mắt xích cuối: {summary.head_link}")
    if with_credentials:
        click.echo("Tệp có mật khẩu đã băm của mọi tài khoản: giữ kín như bản sao lưu.")
    else:
        click.echo(f"Giữ lại {summary.withheld} sự kiện chứa mật khẩu đã băm (chỉ ghi mã băm "
                   "của sự kiện).")


@audit.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def audit_check(file: str) -> None:
    """Kiểm tra một tệp xuất (chuỗi băm và niêm phong) mà không nhập vào kho."""
    app = _open(_settings())
    try:
        summary = check_file(app, Path(file))
    except DomainError as exc:
        raise _fail(exc) from None
    finally:
        app.close()
    click.echo(f"Tệp khớp chuỗi băm: {summary.events} sự kiện đến sự kiện số "
               f"{summary.last_position} ({summary.withheld} sự kiện được giữ lại), "
               f"{summary.seals} niêm phong khớp; mắt xích cuối: {summary.head_link}")
    if summary.seals_unchecked:
        click.echo(f"{summary.seals_unchecked} niêm phong cũ (chuỗi phiên bản 1) không kiểm tra "
                   "được trên tệp này vì cần nội dung các sự kiện được giữ lại; «thidua audit "
                   "verify» trên kho kiểm tra chúng.")


@audit.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def audit_import(file: str) -> None:
    """Nhập tệp xuất vào một kho trống, kiểm tra chuỗi băm trên từng dòng."""
    settings = _settings()
    init_store(settings)
    app = _open(settings)
    try:
        header = read_header(Path(file))
        check_empty(app)
        with tqdm(total=header["events"], unit="sk", desc="nhập", file=sys.stderr) as bar:
            summary = import_events(app, Path(file), progress=bar.update)
    except DomainError as exc:
        raise _fail(exc) from None
    finally:
        app.close()
    click.echo(f"Đã nhập {summary.events} sự kiện (đến sự kiện số {summary.last_position}); "
               f"mắt xích cuối: {summary.head_link}. Các bảng chiếu sẽ được dựng lại bởi "
               "«thidua worker» (hoặc chạy «thidua projections rebuild»).")


@audit.command("seal")
@click.option("--if-due", is_flag=True,
              help="Chỉ niêm phong khi đã đủ THIDUA_AUDIT_SEAL_EVERY sự kiện từ lần trước.")
def audit_seal(if_due: bool) -> None:
    """Niêm phong mắt xích cuối của chuỗi băm thành một sự kiện (do hệ thống ghi)."""
    try:
        every = seal_every_from_environment()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    app = _open(_settings())
    try:
        seal = seal_now(app, if_due=if_due, every=every)
    finally:
        app.close()
    if seal is None:
        click.echo("Không có sự kiện mới cần niêm phong.")
    else:
        click.echo(f"Đã niêm phong sự kiện số {seal['position']}: {seal['link']}")


@audit.command("keygen")
def audit_keygen() -> None:
    """In một khoá AES-256 mới (base64) cho THIDUA_CIPHER_KEY."""
    click.echo(new_cipher_key())
    click.echo("Lưu khoá này ở nơi an toàn (kho bí mật của máy chủ) trước khi ghi dữ liệu: mất "
               "khoá là mất dữ liệu; không hỗ trợ đổi khoá. Xem docs/audit.md.", err=True)
