from celery import shared_task

from webinars import services


@shared_task(ignore_result=True)
def reminders_send_due() -> int:
    """Queue the reminders that are due (beat runs this every minute); each goes once."""
    return services.reminders_send_due()


@shared_task(ignore_result=True)
def registrations_lapse_unconfirmed() -> int:
    """Cancel registrations left unconfirmed past their time (beat runs this often); idempotent."""
    return services.registrations_lapse_unconfirmed()


@shared_task(ignore_result=True)
def accommodation_reminders_send() -> int:
    """Email coordinators the open accommodation requests due soon (beat runs this hourly);
    each address gets it once a day.
    """
    return services.accommodation_reminders_send()


@shared_task(ignore_result=True)
def registrations_anonymise_ended() -> int:
    """Anonymise registrations KEEP_REGISTRATIONS_DAYS after their webinar (beat, daily)."""
    return services.registrations_anonymise_ended()
