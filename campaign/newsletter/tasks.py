from celery import shared_task

from campaign.newsletter import services


@shared_task(ignore_result=True)
def subscribers_forget_unconfirmed() -> int:
    """Erase newsletter signups left unconfirmed for 30 days (beat runs this daily)."""
    return services.subscribers_forget_unconfirmed()
