from celery import shared_task
from celery.signals import worker_process_shutdown

from forus.outbox import mailer, services

# Retries further off than this are left to the sweep, which finds them in
# the database: nothing waits in Redis for long.
LONGEST_COUNTDOWN_SECONDS = 300


@shared_task(ignore_result=True)
def deliver_email(email_id: int) -> str:
    """Send one outbox row; do nothing if it is sent, failed or being sent."""
    outcome = services.email_deliver(email_id=email_id)
    if outcome.retry_in and outcome.retry_in.total_seconds() <= LONGEST_COUNTDOWN_SECONDS:
        services.email_dispatch(email_id=email_id, countdown=outcome.retry_in.total_seconds())
    return outcome.delivery.value


@shared_task(ignore_result=True)
def forget_old_emails() -> int:
    """Delete copies of emails sent or failed 90 days ago (beat runs this daily)."""
    return services.outbox_forget_old_copies()


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Queue whatever is due and not on its way (beat runs this every minute)."""
    return len(services.outbox_sweep())


@worker_process_shutdown.connect
def _close_mail_connection(**kwargs: object) -> None:
    mailer.mailer_close()
