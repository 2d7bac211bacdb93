"""``flask exports …``: the exports' jobs run by hand (what the daily task does)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

exports_cli = AppGroup("exports", help="Register exports: the purge of expired files.")


@exports_cli.command("purge-expired")
def purge_expired() -> None:
    """Purge every export past its expiry (its file removed unless other rows hold the same
    bytes), and print how many."""
    from ipcenter.core import clock
    from ipcenter.exports import services

    purged = services.purge_expired(clock.now())
    click.echo(f"已清除过期导出 {purged} 个 / {purged} expired exports purged")
