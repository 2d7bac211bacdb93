"""``flask search rebuild`` and ``flask search check [--repair]``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="The full-text search index.")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild the index of the configured backend from the database."""
    from ipcenter import search

    index = search.current_index()
    state = {"bar": None}

    def progress(done: int, total: int) -> None:
        bar = state["bar"]
        if bar is None:
            bar = state["bar"] = click.progressbar(
                length=total, label=f"索引 / indexing ({index.backend})", show_pos=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        report = search.rebuild(progress, index=index)
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
    rate = report.documents / report.seconds if report.seconds > 0 else 0.0
    click.echo(f"已重建索引 / index rebuilt: {report.documents} documents, backend "
               f"{report.backend}, {report.seconds:.1f} s, {rate:,.0f} documents/s"
               + (f", {report.replayed} changes made meanwhile applied" if report.replayed
                  else ""))
    for error in report.errors[:20]:
        click.echo(f"  未能索引 / not indexed: {error}", err=True)
    if report.errors:
        raise SystemExit(1)


@search_cli.command("check")
@click.option("--repair", is_flag=True, help="Fix what differs from the database.")
def check_command(repair: bool) -> None:
    """Compare the index with the database, and list the documents whose rendering or text
    extraction is pending past the sweeper's window or failed; exit 1 when anything is wrong
    (and was not repaired: --repair also queues that work again)."""
    from ipcenter import search

    owed_ok = _check_owed(repair)
    report = search.check(repair=repair)
    if report.problem:
        click.echo(f"索引不可用 / index unusable: {report.problem}", err=True)
    else:
        click.echo(f"索引 / index ({report.backend}): {report.indexed} documents; "
                   f"数据库 / database: {report.expected}")
    for label, keys in (("缺失 / missing", report.missing), ("过期 / stale", report.stale),
                        ("多余 / extra", report.extra)):
        if keys:
            shown = ", ".join(keys[:20]) + (" …" if len(keys) > 20 else "")
            click.echo(f"  {label}: {len(keys)}: {shown}")
    if report.ok and owed_ok:
        click.echo("索引与数据库一致 / index and database agree")
    elif (report.ok or report.repaired) and owed_ok:
        click.echo("已修复 / repaired")
    else:
        click.echo("运行 flask search check --repair 修复 / run with --repair to fix", err=True)
        raise SystemExit(1)


def _check_owed(repair: bool) -> bool:
    """Report owed work (``outbox.owed_work``); with ``repair`` queue it again. True when there
    is none, or it was queued again."""
    from ipcenter.core import clock, outbox
    from ipcenter.core.db import unit_of_work

    works = outbox.owed_work(clock.now())
    groups: dict[tuple[str, str], list[str]] = {}
    for work in works:
        groups.setdefault((work.what, work.state), []).append(work.key)
    labels = {"render": "文书生成 / rendering", "extract": "文字提取 / text extraction"}
    for (what, state), keys in sorted(groups.items()):
        shown = ", ".join(keys[:20]) + (" …" if len(keys) > 20 else "")
        status = "失败 / failed" if state == "failed" else "超时未完成 / pending too long"
        click.echo(f"  {labels.get(what, what)} {status}: {len(keys)}: {shown}")
    if works and repair:
        with unit_of_work():
            count = outbox.requeue(works)
        click.echo(f"  已重新排队 / queued again: {count}")
    return not works or repair
