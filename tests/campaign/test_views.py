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


def test_the_privacy_page_says_when_an_unconfirmed_signup_is_deleted(client):
    english = client.get(reverse("campaign:privacy")).content.decode()
    assert "A newsletter signup that is never confirmed is deleted 30 days after" in english
    spanish = client.get("/es/privacy/").content.decode()
    assert "nunca se confirma se elimina 30 días después" in spanish


def test_the_privacy_page_says_when_copies_of_emails_are_deleted(client):
    english = client.get(reverse("campaign:privacy")).content.decode()
    assert "Copies of the emails the site sends you are deleted 90 days after" in english
    spanish = client.get("/es/privacy/").content.decode()
    assert "se eliminan 90 días después de enviarse" in spanish
