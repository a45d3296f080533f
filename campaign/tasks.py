from celery import shared_task

from campaign import services


@shared_task(ignore_result=True)
def contact_messages_forget_old() -> int:
    """Delete contact messages past their keeping time (beat runs this daily)."""
    return services.contact_messages_forget_old()
