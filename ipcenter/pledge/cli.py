"""``flask pledge …``: the pledge's jobs run by hand (what the hourly task does)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

pledge_cli = AppGroup("pledge", help="IP pledge financing: the overdue scan.")


@pledge_cli.command("scan-overdue")
@click.option("--batch-size", default=1_000, show_default=True, type=click.IntRange(1),
              help="Loans marked per transaction.")
def scan_overdue(batch_size: int) -> None:
    """Mark overdue every loan under monitoring with an instalment due before today and
    unpaid, and print what it did."""
    from ipcenter.core import clock
    from ipcenter.pledge import services

    scan = services.scan_overdue(clock.today(), clock.now(), batch_size=batch_size)
    click.echo(f"已标记逾期 {scan.marked} 笔贷款（{scan.batches} 批，{scan.seconds:.2f} 秒）/ "
               f"{scan.marked} loans marked overdue in {scan.batches} batches, "
               f"{scan.seconds:.2f} s")
