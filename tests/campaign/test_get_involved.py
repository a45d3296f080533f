"""Get involved, the organisation's details and the accessibility statement."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from campaign.models import OrganisationDetails, WayToAct
from tests.webinars.factories import WebinarFactory

pytestmark = pytest.mark.django_db

GET_INVOLVED = "/get-involved/"


def titles_in_order(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title">([^<]+)</h3>', html)


def test_get_involved_lists_every_way_from_the_seed_in_order(
    client, django_assert_max_num_queries
):
    # The ways, the next webinar, the organisation's details (read once into the cache).
    with django_assert_max_num_queries(3):
        response = client.get(GET_INVOLVED)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles_in_order(html) == [
        "Join a live webinar",
        "Watch past webinars",
        "Stay updated",
        "Nominate a Social Mission Champion",
        "Follow the Social Mission Alliance",
        "Write to us",
    ]
    for path in [
        reverse("webinars:webinar_list"),
        reverse("webinars:webinar_archive"),
        reverse("newsletter:signup"),
        reverse("champions:nominate"),
        reverse("campaign:contact"),
    ]:
        assert f'href="{path}"' in html, path
    assert 'href="https://socialmission.org"' in html


def test_get_involved_in_spanish_leads_to_the_spanish_pages(client):
    html = client.get("/es" + GET_INVOLVED).content.decode()
    assert "Participe" in html
    assert "Vea seminarios web anteriores" in html
    assert 'href="/es/champions/nominate/"' in html
    assert 'href="/es/newsletter/"' in html


def test_staff_reorder_hide_and_add_ways_and_the_page_shows_it_at_once(client):
    assert "Write to us" in client.get(GET_INVOLVED).content.decode()  # now cached
    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "e@example.org", "x"))
    response = staff.post(
        reverse("admin:campaign_waytoact_add"),
        {
            "title_en": "Join the Vot-ER phonebanks",
            "summary_en": "Help drive voter turnout.",
            "button_label_en": "Find a phonebank",
            "destination": WayToAct.Destination.OTHER,
            "url": "https://events.example.org/phonebank",
            "position": 1,
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    WayToAct.objects.filter(title="Write to us").update(is_published=False)
    WayToAct.objects.get(title="Write to us").save()

    html = client.get(GET_INVOLVED).content.decode()
    titles = titles_in_order(html)
    assert titles[0] == "Join the Vot-ER phonebanks"
    assert "Write to us" not in titles
    assert 'href="https://events.example.org/phonebank"' in html


def test_another_web_address_needs_an_address(client):
    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "e@example.org", "x"))
    response = staff.post(
        reverse("admin:campaign_waytoact_add"),
        {
            "title_en": "No address",
            "summary_en": "x",
            "button_label_en": "Go",
            "destination": WayToAct.Destination.OTHER,
            "url": "",
            "position": 1,
            "is_published": "on",
        },
    )
    assert response.status_code == 200
    assert "Enter the web address this leads to." in response.content.decode()
    assert not WayToAct.objects.filter(title="No address").exists()


def test_the_home_page_leads_to_get_involved_and_says_when_no_webinar_is_open(client):
    html = client.get("/").content.decode()
    assert f'href="{GET_INVOLVED}"' in html
    assert "What you can do now" in html
    assert "No webinar is open for registration right now" in html
    assert f'href="{reverse("webinars:webinar_archive")}"' in html

    WebinarFactory(title="The open webinar")
    html = client.get("/").content.decode()
    assert "The open webinar" in html
    assert "No webinar is open for registration right now" not in html


def test_the_footer_and_about_show_what_staff_filled_in_and_never_a_blank(client):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="https://socialmission.org">socialmission.org</a>' in footer
    assert "mailto:" not in footer
    assert "LinkedIn" not in footer
    for name in ["contact", "accessibility", "privacy", "about", "get_involved"]:
        assert f'href="{reverse("campaign:" + name)}"' in footer, name

    details = OrganisationDetails.objects.get()
    details.public_email = "hello@example.org"
    details.linkedin_url = "https://www.linkedin.com/company/example"
    details.website = ""
    details.save()

    for path in ["/", reverse("campaign:about")]:
        html = client.get(path).content.decode()
        assert 'href="mailto:hello@example.org"' in html, path
        assert 'href="https://www.linkedin.com/company/example">LinkedIn</a>' in html, path
        assert "socialmission.org" not in html, path
    # A way to act that leads to a website nobody filled in is left out.
    ways = titles_in_order(client.get(GET_INVOLVED).content.decode())
    assert "Write to us" in ways
    assert "Follow the Social Mission Alliance" not in ways


def test_the_organisation_admin_marks_its_placeholders_and_keeps_one_row():
    staff = Client()
    staff.force_login(User.objects.create_superuser("editor", "e@example.org", "x"))
    changelist = staff.get(reverse("admin:campaign_organisationdetails_changelist"))
    assert changelist.status_code == 302
    form = staff.get(changelist["Location"]).content.decode()
    assert 'placeholder="Placeholder, not shown on the site: https://bsky.app/profile/…"' in form
    assert "A box left empty is left off the site" in form
    assert staff.get(reverse("admin:campaign_organisationdetails_add")).status_code == 403
    details = OrganisationDetails.objects.get()
    delete = reverse("admin:campaign_organisationdetails_delete", args=[details.pk])
    assert staff.get(delete).status_code == 403


@pytest.mark.parametrize(("days", "text"), [(None, "7 days"), (10, "10 days"), (1, "1 day ")])
def test_the_accessibility_statement_says_how_early_to_ask(client, settings, days, text):
    if days is not None:
        settings.ACCOMMODATION_LEAD_DAYS = days
    else:
        # Another part of the site adds the setting; until then, 7 days.
        del settings.ACCOMMODATION_LEAD_DAYS
    html = client.get(reverse("campaign:accessibility")).content.decode()
    assert "WCAG) 2.2 at level AA" in html
    assert "axe-core" in html
    assert "Nu HTML Checker" in html
    assert f"Please ask at least {text}" in html
    assert f'href="{reverse("campaign:contact")}"' in html

    spanish = Client().get("/es/accessibility/").content.decode()
    assert "Declaración de accesibilidad" in spanish
    assert "Pídalo al menos" in spanish
