import pytest
from django.urls import reverse

from campaign.models import Page, Pillar

pytestmark = pytest.mark.django_db

PILLAR_TITLES = [
    "Workforce Diversification",
    "Institutional Support for Historically Excluded Groups",
    "Anti-Racist and Justice-Oriented Health Education",
    "Centering Community Power",
    "Repairing Harm with Community Redress",
]


def test_migrate_alone_loads_the_campaign_content():
    assert list(Pillar.objects.values_list("title", flat=True)) == PILLAR_TITLES
    assert set(Page.objects.values_list("slug", flat=True)) == {
        "mission",
        "introduction",
        "about",
        "privacy",
    }
    third = Pillar.objects.get(number=3)
    # The fuller, numbered version of the pillar's text, not the short one.
    assert "ensure retention in training" in third.body


def test_home_shows_the_mission_and_links_every_pillar(client, django_assert_max_num_queries):
    # The pages, the pillars, the next webinar, the latest spotlights and the
    # organisation's details in the footer (read once into the cache).
    with django_assert_max_num_queries(5):
        response = client.get(reverse("campaign:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "For Us All Campaign is dedicated to fighting for transformative health" in html
    assert Pillar.objects.count() == 5  # the loop below has pillars to check
    for pillar in Pillar.objects.all():
        assert f'href="{pillar.get_absolute_url()}"' in html
        assert pillar.title in html
    assert f'href="{reverse("campaign:introduction")}"' in html


def test_introduction_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("campaign:introduction"))
    assert response.status_code == 200
    assert "galvanize our vast community of committed health" in response.content.decode()


def test_about_page_names_the_organisation_and_its_address(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("campaign:about"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "About the Social Mission Alliance" in html
    assert "2175 K St NW" in html
    assert "Washington, DC 20037" in html


def test_privacy_page_says_what_is_kept_and_how_to_delete_it(client):
    response = client.get(reverse("campaign:privacy"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "How long we keep it" in html
    assert "delete" in html


def test_pillar_index_lists_the_five_pillars_in_order(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("campaign:pillar_list"))
    html = response.content.decode()
    positions = [html.index(title) for title in PILLAR_TITLES]
    assert positions == sorted(positions)


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_pillar_page_has_its_full_text_and_neighbours(
    client, django_assert_max_num_queries, number
):
    pillar = Pillar.objects.get(number=number)
    # +1: the organisation's details in the footer, read once into the cache.
    with django_assert_max_num_queries(3):
        response = client.get(pillar.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{pillar.title}</h1>" in html
    assert pillar.body[-60:] in html
    previous = Pillar.objects.filter(number=number - 1).first()
    following = Pillar.objects.filter(number=number + 1).first()
    assert ('rel="prev"' in html) == (previous is not None)
    assert ('rel="next"' in html) == (following is not None)
    if previous:
        assert f'href="{previous.get_absolute_url()}" rel="prev"' in html
    if following:
        assert f'href="{following.get_absolute_url()}" rel="next"' in html


def test_unknown_pillar_is_a_branded_404(client):
    response = client.get(reverse("campaign:pillar_detail", kwargs={"slug": "no-such-pillar"}))
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


def test_markdown_bodies_are_sanitised_on_output(client):
    Page.objects.filter(slug="about").update(
        body='<script>alert("x")</script>\n\n[click](javascript:alert(1)) '
        "<img src=x onerror=alert(1)> **bold**"
    )
    html = client.get(reverse("campaign:about")).content.decode()
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<strong>bold</strong>" in html


def test_the_privacy_page_says_what_unsubscribing_keeps(client):
    html = client.get(reverse("campaign:privacy")).content.decode()
    assert "the record of your consent" in html
    assert "we keep only your address" not in html


RETENTION_RULES = {
    "en": [
        "Webinar registrations: {registrations} days after the webinar ends",
        "that the nominee declines: deleted with their photos {nominations} days later.",
        "A newsletter signup that is never confirmed: deleted 30 days after",
        "Copies of the emails the site sends you: deleted 90 days after they are sent.",
        "Messages sent through the contact form: deleted {contact} days after they arrive.",
        "kept {audit} days, then deleted.",
    ],
    "es": [
        "Inscripciones a seminarios web: {registrations} días después de que termina",
        "se eliminan con sus fotos {nominations} días después.",
        "se elimina 30 días después del último correo electrónico de confirmación",
        "se eliminan 90 días después de enviarse.",
        "se eliminan {contact} días después de llegar.",
        "se conserva {audit} días y después se elimina.",
    ],
}


def _privacy_page(client, language: str) -> str:
    return client.get("/es/privacy/" if language == "es" else "/privacy/").content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_privacy_page_states_each_retention_rule_with_the_sites_numbers(
    client, language, django_assert_max_num_queries
):
    # The page, and the organisation's details for the footer (then cached).
    with django_assert_max_num_queries(2):
        html = _privacy_page(client, language)
    numbers = {"registrations": 365, "nominations": 90, "contact": 365, "audit": 730}
    for rule in RETENTION_RULES[language]:
        assert rule.format(**numbers) in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_privacy_page_follows_the_settings(client, settings, language):
    settings.KEEP_REGISTRATIONS_DAYS = 400
    settings.KEEP_DECLINED_NOMINATIONS_DAYS = 45
    settings.KEEP_CONTACT_MESSAGES_DAYS = 180
    settings.KEEP_AUDIT_DAYS = 1000
    html = _privacy_page(client, language)
    numbers = {"registrations": 400, "nominations": 45, "contact": 180, "audit": 1000}
    for rule in RETENTION_RULES[language]:
        assert rule.format(**numbers) in html
    assert RETENTION_RULES[language][0].format(registrations=365) not in html


def test_the_privacy_text_no_longer_says_registrations_are_kept_while_the_campaign_runs(client):
    english, spanish = _privacy_page(client, "en"), _privacy_page(client, "es")
    assert "kept while the campaign runs" not in english
    assert "under “How long each kind of record is kept”" in english
    assert "se conservan mientras la campaña" not in spanish
    assert "en «Cuánto tiempo se conserva cada tipo de registro»" in spanish
    # Each rule is stated once, by the list.
    assert english.count("after they are sent") == 1
    assert spanish.count("después de enviarse") == 1
