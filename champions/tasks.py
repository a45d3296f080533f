from celery import shared_task

from champions import services


@shared_task(ignore_result=True)
def nominations_delete_declined() -> int:
    """Delete declined nominations and their photos after KEEP_DECLINED_NOMINATIONS_DAYS (beat)."""
    return services.nominations_delete_declined()
