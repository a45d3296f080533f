"""The mail provider's tracking webhook: anymail's view for the configured provider.

`MAIL_PROVIDER_WEBHOOK` names the provider; its anymail tracking view
authenticates each call exactly as anymail does (HTTP basic auth with
`ANYMAIL["WEBHOOK_SECRET"]`, and Mailgun's signature with its signing key)
and answers 400 to anything else, before any report is read. With no
provider configured, or another provider's address, the URL does not exist.
Anymail sends each report as its `tracking` signal; the receiver here turns
it into a call of the outbox's service.
"""

import logging

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from forus.outbox.feedback import Report, email_report_record
from forus.outbox.services import OUTBOX_ID_METADATA

logger = logging.getLogger(__name__)

TRACKING_VIEWS = {
    "mailgun": MailgunTrackingWebhookView,
    "postmark": PostmarkTrackingWebhookView,
}
# A bounce for one of these reasons is about the address: it will never take mail.
PERMANENT_REASONS = frozenset({RejectReason.BOUNCED, RejectReason.INVALID})


# The provider's servers call it, with no CSRF token; anymail's views are
# exempt the same way. Never cached, and no form rate limit applies.
@csrf_exempt
@never_cache
def tracking_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """The configured provider's tracking webhook; 404 for any other provider, or none."""
    if not settings.MAIL_PROVIDER_WEBHOOK or provider != settings.MAIL_PROVIDER_WEBHOOK:
        raise Http404
    # Built per call: anymail reads its settings (the secret, the key) here.
    return TRACKING_VIEWS[provider].as_view()(request)


def _is_hard_bounce(event: AnymailTrackingEvent, esp_name: str) -> bool:
    """A bounce the provider will not retry, because the address does not take mail.

    Anymail reports Postmark's soft bounces as bounced too; Postmark's own
    type tells them apart. Mailgun's temporary failures arrive as deferred.
    """
    if esp_name == "Postmark":
        # A bounce report's Type, or the reason of a suppression Postmark reports.
        report = event.esp_event or {}
        return "HardBounce" in {report.get("Type"), report.get("SuppressionReason")}
    return event.reject_reason in PERMANENT_REASONS


def _report(event: AnymailTrackingEvent, esp_name: str) -> Report | None:
    if event.event_type == EventType.DELIVERED:
        return Report.DELIVERED
    if event.event_type == EventType.COMPLAINED:
        return Report.COMPLAINT
    if event.event_type == EventType.DEFERRED:
        return Report.SOFT_BOUNCE
    if event.event_type == EventType.BOUNCED:
        return Report.HARD_BOUNCE if _is_hard_bounce(event, esp_name) else Report.SOFT_BOUNCE
    return None  # opens, clicks and the rest: the site does not track them


def tracking_report_received(
    sender: type, event: AnymailTrackingEvent, esp_name: str, **kwargs: object
) -> None:
    """Anymail's `tracking` signal, sent by the webhook view once the call is authenticated."""
    report = _report(event, esp_name)
    if report is None:
        return
    if not event.recipient:
        logger.warning("A %s report from %s names no recipient; ignored.", report.name, esp_name)
        return
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    email_report_record(
        report=report,
        recipient=event.recipient,
        provider=esp_name,
        message_id=event.message_id or "",
        outbox_id=str(metadata.get(OUTBOX_ID_METADATA, "")),
        event_id=event.event_id or "",
        detail=event.description or event.mta_response or "",
        reported_at=event.timestamp,
    )
