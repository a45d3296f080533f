from celery import shared_task

from campaign import services


@shared_task(ignore_result=True)
def forget_unconfirmed_subscribers() -> int:
    """Erase newsletter signups left unconfirmed for 30 days (beat runs this daily)."""
    return services.subscribers_forget_unconfirmed()
