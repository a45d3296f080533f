"""The campaign's two past webinars, in the source texts' own words.

The launch webinar comes from the campaign page; the primary care panel, its
speakers and its moderator from the Social Mission Alliance's update that
announced it, named and described as that update does. Both are over, so
registration is closed by time. Their join links and recordings were never
published in the sources: staff add a recording link in admin if there is one.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

EASTERN = ZoneInfo("America/New_York")

LAUNCH = {
    "slug": "introducing-the-for-us-all-campaign",
    "title": "Introducing the For Us All campaign",
    "summary": "A live webinar introducing the For Us All campaign.",
    # The campaign page's "Get Involved" words, without their future tense.
    "description": (
        "A webinar to formally introduce the For Us All campaign to everyone in our "
        "network, open for questions about how to get involved."
    ),
    "starts_at": datetime(2025, 2, 11, 12, 0, tzinfo=EASTERN),
    "ends_at": datetime(2025, 2, 11, 13, 0, tzinfo=EASTERN),
}

PRIMARY_CARE = {
    "slug": "saving-primary-care-in-the-united-states",
    "title": "Saving Primary Care in the United States",
    "summary": (
        "An interdisciplinary panel featuring the work of groups taking different "
        "approaches to resuscitate primary care and primary care access in the United "
        "States."
    ),
    "description": (
        "During the webinar, representatives of Primary Care for All Americans, the "
        "People’s Non Violent Medicaid Army of the Poor People’s Campaign, health "
        "services researchers, as well as primary care clinicians will discuss the "
        "obstacles to realizing robust primary care access and an accompanying primary "
        "care workforce in this country."
    ),
    "starts_at": datetime(2024, 11, 12, 20, 0, tzinfo=EASTERN),
    "ends_at": datetime(2024, 11, 12, 21, 0, tzinfo=EASTERN),
}

# As the update names and describes them; the bio is the update's words.
PRIMARY_CARE_SPEAKERS = [
    {
        "name": "Brian Antono",
        "credentials": "MD, MPH",
        "affiliation": "Duke Family Medicine/ Duke Margolis Center for Health Policy",
        "bio": (
            "Family physician, associate director of the Primary Care Leadership Track "
            "co-director of the Health Equity Policy and Primary Care Fellowship Program at "
            "Duke Family Medicine/ Duke Margolis Center for Health Policy."
        ),
        "role": "speaker",
    },
    {
        "name": "Hana Hamdi",
        "credentials": "MPH",
        "affiliation": "Primary Care for All Americans",
        "bio": (
            "Board member of Primary Care for All Americans currently pursuing an advanced "
            "practice degree in Nurse-Midwifery at Yale University."
        ),
        "role": "speaker",
    },
    {
        "name": "Nijmie Dzurinko",
        "credentials": "",
        "affiliation": "Put People First! PA",
        "bio": (
            "Organizer and movement strategist of over 20 years from Pennsylvania; "
            "co-founder of Put People First! PA."
        ),
        "role": "speaker",
    },
    {
        "name": "Kiara Marmolejos",
        "credentials": "",
        "affiliation": "Fair Haven Community Health Center",
        "bio": (
            "Physician Associate at Fair Haven Community Health Center. Social Mission "
            "Alliance Project Lead for the Health Equity Scholar Guide."
        ),
        "role": "moderator",
    },
]


def add_past_webinars(apps, schema_editor):
    Webinar = apps.get_model("webinars", "Webinar")
    Speaker = apps.get_model("webinars", "Speaker")
    for content in (LAUNCH, PRIMARY_CARE):
        Webinar.objects.update_or_create(
            slug=content["slug"],
            defaults={**content, "status": "published", "time_zone": "America/New_York"},
        )
    panel = Webinar.objects.get(slug=PRIMARY_CARE["slug"])
    for order, speaker in enumerate(PRIMARY_CARE_SPEAKERS, start=1):
        Speaker.objects.update_or_create(
            webinar=panel, name=speaker["name"], defaults={**speaker, "order": order}
        )


def remove_past_webinars(apps, schema_editor):
    apps.get_model("webinars", "Webinar").objects.filter(
        slug__in=[LAUNCH["slug"], PRIMARY_CARE["slug"]], registrations__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("webinars", "0001_initial")]

    operations = [migrations.RunPython(add_past_webinars, remove_past_webinars)]
