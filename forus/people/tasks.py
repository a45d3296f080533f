from celery import shared_task

from forus.people import services

# The erasure's confirmation is looked at again this often until it is sent.
ERASURE_COPY_RETRY_SECONDS = 60
ERASURE_COPY_TRIES = 24 * 60


@shared_task(ignore_result=True)
def person_link_send(link_id: int) -> bool:
    """Email the link to a person's page, if there is anything to show them."""
    return services.person_link_send(link_id=link_id)


@shared_task(ignore_result=True)
def erasure_email_forget(email_id: int, tries: int = 0) -> bool:
    """Delete the erasure's confirmation once sent; looks again until then (a day at most)."""
    gone = services.erasure_email_forget(email_id=email_id)
    # Run at once (no broker), a retry would spin: the daily clean-up takes it.
    eager = erasure_email_forget.app.conf.task_always_eager
    if not gone and not eager and tries < ERASURE_COPY_TRIES:
        erasure_email_forget.apply_async(
            (email_id, tries + 1), countdown=ERASURE_COPY_RETRY_SECONDS
        )
    return gone


@shared_task(ignore_result=True)
def people_forget_old() -> dict[str, int]:
    """Daily clean-up: used links, old audit entries, erasure copies (beat runs this)."""
    return services.people_forget_old()
