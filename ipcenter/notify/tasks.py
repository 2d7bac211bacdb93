"""Sending a notice on a channel, after the commit that wrote it (through the outbox).

A send that fails is tried again: on a worker, by Celery with backoff (30 s, 1 min, 2 min …);
run eagerly (the embedded default), the failure leaves the outbox message unsent and the
outbox's redelivery sends it again. ``services.deliver`` stops after ``MAX_ATTEMPTS`` and
never sends a delivery twice.
"""

from __future__ import annotations

from celery import shared_task

from ipcenter.core import clock
from ipcenter.core.tasks import RETRYING
from ipcenter.notify import services
from ipcenter.notify.channels import ChannelError


@shared_task(name=services.DELIVER_TASK, bind=True, **RETRYING)
def deliver(self, delivery_id: int) -> bool:
    """Send notice delivery ``delivery_id`` (idempotent: one sent is not sent again)."""
    try:
        return services.deliver(delivery_id, clock.now())
    except ChannelError as exc:
        if self.request.is_eager:
            raise  # the outbox keeps the message and redelivers it
        raise self.retry(exc=exc, countdown=30 * 2 ** min(self.request.retries, 6),
                         max_retries=services.MAX_ATTEMPTS) from exc
