"""Command-line tools for staff and operators: ``flask ipcenter …``, ``flask calendar …``,
``flask audit …``."""

from __future__ import annotations

import calendar as _calendar
from datetime import date

import click
from flask.cli import AppGroup

from ipcenter.core import formatting
from ipcenter.core.db import unit_of_work

ipcenter_cli = AppGroup("ipcenter", help="Set-up and demo data.")
calendar_cli = AppGroup("calendar", help="China's working-day calendar and statutory periods.")
audit_cli = AppGroup("audit", help="The keyed, hash-chained audit log.")


@ipcenter_cli.command("seed-demo")
def seed_demo() -> None:
    """Load the demo organisations and users (idempotent) and print their sign-ins."""
    from ipcenter import demo

    with unit_of_work():
        accounts = demo.seed()
    click.echo("演示账号 / demo sign-ins (username, password, roles, organisation)")
    for account in accounts:
        click.echo(f"  {account.username:<14} {account.password:<18} {account.roles} · "
                   f"{account.organisation}")


@ipcenter_cli.command("check-site")
@click.option("--host", default="127.0.0.1", help="The address the server will listen on.")
def check_site(host: str) -> None:
    """Warn when the verification address printed on documents would not reach the server."""
    from flask import current_app

    from ipcenter.config import site_url_warning

    warning = site_url_warning(current_app.config["IPCENTER_SITE_URL"], host)
    if warning:
        click.secho(f"警告 / warning: {warning}", fg="yellow", err=True)


@ipcenter_cli.command("appoint-director")
@click.argument("username")
def appoint_director(username: str) -> None:
    """Make USERNAME the director when no active director exists (a fresh install). Later
    directors are proposed by an administrator and confirmed by a director."""
    from ipcenter.admin import services
    from ipcenter.auth.services import find_user
    from ipcenter.core import clock
    from ipcenter.core.errors import DomainError

    user = find_user(username)
    if user is None:
        raise click.ClickException(f"没有用户名为 {username} 的账号 (no account {username!r})")
    try:
        with unit_of_work():
            services.appoint_first_director(user, now=clock.now())
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None
    click.echo(f"{user.username}（{user.display_name}）已任命为主任 / is now the director")


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (write 2026-03-05)") from None


@calendar_cli.command("due")
@click.argument("start")
@click.argument("period")
@click.option("--strict", is_flag=True, help="Refuse instead of flagging a provisional date.")
def calendar_due(start: str, period: str, strict: bool) -> None:
    """Print the last day of PERIOD (5wd, 15d, 3m) started on START (YYYY-MM-DD)."""
    from ipcenter.core.deadlines import Period, due_date
    from ipcenter.core.workdays import UnknownCalendarYear, load_calendar

    start_day = _parse_date(start)
    try:
        parsed = Period.parse(period)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    cal = load_calendar()
    try:
        due = due_date(start_day, parsed, cal, strict=strict)
    except UnknownCalendarYear as exc:
        raise click.ClickException(
            f"{exc.year}年的工作日历尚未发布，无法计算 (calendar of {exc.year} unknown)") from None
    line = (f"{start_day.isoformat()} 起 {parsed.describe_zh()} → "
            f"{formatting.zh_date(due.on)}（星期{formatting.weekday_zh(due.on)}） "
            f"{due.on.isoformat()}")
    if due.provisional:
        line += "  【暂定：涉及尚未发布工作日历的年份，按周一至周五推算 / provisional】"
    click.echo(line)


@calendar_cli.command("show")
@click.argument("month")
def calendar_show(month: str) -> None:
    """Print MONTH (YYYY-MM) with working days marked."""
    from ipcenter.core.workdays import UnknownCalendarYear, load_calendar

    try:
        year, mon = (int(p) for p in month.split("-"))
        first = date(year, mon, 1)
    except ValueError:
        raise click.BadParameter(f"{month!r} is not a month (write 2026-10)") from None
    cal = load_calendar()
    click.echo(f"{year}年{mon}月   班 = 工作日   休 = 休息日   调 = 调休上班   假 = 法定节假日")
    click.echo("  一    二    三    四    五    六    日")
    cells = ["     "] * first.weekday()
    notes = []
    for day_no in range(1, _calendar.monthrange(year, mon)[1] + 1):
        day = date(year, mon, day_no)
        try:
            working = cal.is_workday(day)
        except UnknownCalendarYear:
            raise click.ClickException(f"{year}年的工作日历尚未发布 (calendar of {year} unknown)")
        holiday = cal.holiday_name(day)
        if working:
            mark = "调" if day.weekday() >= 5 else "班"
        else:
            mark = "假" if holiday else "休"
        if holiday and (not notes or notes[-1][1] != holiday):
            notes.append((day, holiday))
        cells.append(f"{day_no:>2}{mark}  ")
        if len(cells) == 7:
            click.echo("".join(cells).rstrip())
            cells = []
    if cells:
        click.echo("".join(cells).rstrip())
    for day, name in notes:
        click.echo(f"  {day.month}月{day.day}日起：{name}")


@calendar_cli.command("scan-deadlines")
@click.option("--batch-size", default=10_000, show_default=True, type=click.IntRange(1),
              help="Clocks stamped per transaction.")
def calendar_scan_deadlines(batch_size: int) -> None:
    """Run the hourly task's deadline scan now (``timelimits.scan_deadlines``): stamp the open
    deadlines due within 3 working days or overdue, raise their notices, and print what it
    did."""
    from ipcenter.core import clock, timelimits

    scan = timelimits.scan_deadlines(clock.now(), clock.today(), batch_size=batch_size)
    due, overdue = scan.due, scan.overdue
    click.echo(f"已标记 {due.stamped} 个期限（{due.batches} 批，{due.seconds:.2f} 秒，"
               f"截止 {due.cutoff.isoformat()}）/ {due.stamped} clocks stamped in "
               f"{due.batches} batches, {due.seconds:.2f} s (due on or before "
               f"{due.cutoff.isoformat()})")
    click.echo(f"新逾期 {overdue.stamped} 个期限（{overdue.batches} 批，{overdue.seconds:.2f} "
               f"秒）/ {overdue.stamped} clocks newly overdue in {overdue.batches} batches, "
               f"{overdue.seconds:.2f} s")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the keyed hash chain and the head file; report the first broken link and exit 1
    if there is one."""
    from ipcenter.core import audit

    result = audit.verify()
    if result.legacy:
        click.echo(f"前 {result.legacy} 条为启用密钥前的记录（普通 SHA-256，未加密钥）/ rows 1–"
                   f"{result.legacy} are not keyed: hashed with plain SHA-256 before keyed "
                   f"hashes")
    if not result.ok:
        where = f"第 {result.broken_seq} 条" if result.broken_seq else "链头文件"
        click.echo(f"审计链在{where}断开 / chain broken at "
                   f"{f'row {result.broken_seq}' if result.broken_seq else 'the head file'}: "
                   f"{result.explanation} ({result.checked} rows before it are intact)"
                   + (f"; the head file records row {result.facts['head_file_seq']}, the "
                      f"database ends at row {result.facts['last_seq']}"
                      if result.reason == audit.TRUNCATED else ""), err=True)
        raise SystemExit(1)
    click.echo(f"审计链完整 / audit chain intact: {result.checked} rows")
    if result.head_file_seq is None:
        if result.checked:
            click.echo("尚无链头文件 / no head file yet: rows deleted at the end would not be "
                       "detected until it is written")
    elif result.behind:
        click.echo(f"链头文件落后 {result.behind} 条（尚未写入）/ head file behind by "
                   f"{result.behind} rows (not yet written): it records row "
                   f"{result.head_file_seq}")
    else:
        click.echo(f"链头文件一致 / head file agrees: row {result.head_file_seq}")
