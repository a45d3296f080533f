"""Every public page in Spanish, and the English interface text that must not show on it."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from campaign.models import Pillar
from campaign.newsletter.models import Subscriber
from campaign.newsletter.tokens import confirmation_token, unsubscribe_token
from champions.models import Nomination
from champions.tokens import nomination_consent_token
from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.forus.people.person_links import link_token
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import WebinarFactory, past_webinar_with_materials

SPANISH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{|<|&")


def spanish_public_pages() -> dict[str, tuple[str, int]]:
    """Every kind of public page, in Spanish: name -> (path, status). Creates the rows."""
    webinar = WebinarFactory(capacity=50)
    past = past_webinar_with_materials()
    spotlight = SpotlightFactory(pillars=list(Pillar.objects.filter(number__in=[1, 4])))
    subscriber = SubscriberFactory()
    confirmed = SubscriberFactory(status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
    nomination = NominationFactory(status=Nomination.Status.APPROVED)
    pillar = Pillar.objects.get(number=3)
    with translation.override("es"):
        pages = {
            "home": reverse("campaign:home"),
            "introduction": reverse("campaign:introduction"),
            "about": reverse("campaign:about"),
            "privacy": reverse("campaign:privacy"),
            "pillars": reverse("campaign:pillar_list"),
            "pillar": pillar.get_absolute_url(),
            "get involved": reverse("campaign:get_involved"),
            "accessibility": reverse("campaign:accessibility"),
            "contact": reverse("campaign:contact"),
            "contact thanks": reverse("campaign:contact_thanks"),
            "webinars": reverse("webinars:webinar_list"),
            "webinar": webinar.get_absolute_url(),
            "registered": reverse("webinars:registration_done", kwargs={"slug": webinar.slug}),
            "past webinars": reverse("webinars:webinar_archive"),
            "past webinar": past.get_absolute_url(),
            "newsletter": reverse("newsletter:signup"),
            "check inbox": reverse("newsletter:check_inbox"),
            "confirm": reverse("newsletter:confirm", args=[confirmation_token(subscriber.pk)]),
            "confirmed": reverse("newsletter:confirmed"),
            "unsubscribe": reverse(
                "newsletter:unsubscribe", args=[unsubscribe_token(confirmed.pk)]
            ),
            "unsubscribed": reverse("newsletter:unsubscribed"),
            "champions": reverse("champions:spotlight_list"),
            "spotlight": spotlight.get_absolute_url(),
            "nominate": reverse("champions:nominate"),
            "nomination thanks": reverse("champions:nomination_thanks"),
            "nominee consent": reverse(
                "champions:nominee_consent",
                kwargs={"token": nomination_consent_token(nomination_id=nomination.pk)},
            ),
            "my: ask for a link": reverse("people:request"),
            "my: check inbox": reverse("people:check_inbox"),
            "my: the link's button": reverse(
                "people:link", args=[link_token(confirmed.email, language="es")]
            ),
            "my: erased": reverse("people:erased"),
        }
    found = {name: (path, 200) for name, path in pages.items()}
    return {
        **found,
        "my: a link that does not work": (
            reverse("people:link", args=["x"]).replace("/my/", "/es/my/"),
            400,
        ),
        "not found": ("/es/no-such-page/", 404),
    }


@cache
def english_interface_strings() -> frozenset[str]:
    """Interface text that reads differently in Spanish: none of it may show in Spanish.

    Short or placeholder-laden messages are left out: a word like "Email"
    could be part of someone's content, and a template's pieces are checked
    by their whole sentences elsewhere.
    """
    with SPANISH_CATALOGUE.open("rb") as po_file:
        catalogue = read_po(po_file)
    strings = set()
    for message in catalogue:
        if not message.id or isinstance(message.id, tuple):
            continue
        if message.string == message.id or PLACEHOLDER.search(message.id):
            continue
        if len(message.id.split()) >= 2 and len(message.id) >= 10:
            strings.add(" ".join(message.id.split()))
    return frozenset(strings)


class _VisibleText(HTMLParser):
    """The page's text, leaving out whatever is marked lang="en" (English content)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The page's own language is on <html>; only English inside it is skipped.
        skip = (tag != "html" and dict(attrs).get("lang") == "en") or tag in {"script", "style"}
        if tag not in self.VOID:
            self.stack.append((tag, skip))
        elif not self._skipping() and not skip:
            for name, value in attrs:
                if name in {"alt", "title", "aria-label", "placeholder"} and value:
                    self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


def visible_text_outside_english(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_left_in(html: str) -> list[str]:
    text = visible_text_outside_english(html)
    return sorted(string for string in english_interface_strings() if string in text)
