"""The campaign's own words, so that `migrate` alone gives a complete site.

The texts come from the campaign page and the Social Mission Alliance's
profile; staff edit them in admin from here on. They live in this migration,
not in files it reads, so that the history of the database never changes.
"""

from django.db import migrations

MISSION = (
    "The For Us All Campaign is dedicated to fighting for transformative health "
    "justice through social accountability within health professions training "
    "institutions, and re-imagining the social contract to see a world where there "
    "is equal health for us all."
)

INTRODUCTION_SUMMARY = (
    "The “For Us All” campaign is our new advocacy initiative fighting for "
    "transformative health justice through social accountability within health "
    "professions training institutions."
)

INTRODUCTION = (
    "The “For Us All” campaign is our new advocacy initiative fighting for "
    "transformative health justice through social accountability within health "
    "professions training institutions. The campaign seeks to inspire a "
    "re-imagining of the social contract to see a world where there is equal health "
    "for us all. It is a vehicle to galvanize our vast community of committed health "
    "professionals from across the United States and internationally who have "
    "connected with SMA through our conferences over the past decade. Together, we "
    "will use this campaign to organize towards structural changes that align with "
    "SMA’s vision of training health professionals as agents of more equitable "
    "health care."
)

ABOUT_SUMMARY = (
    "Social Mission Alliance: transforming health professions education to create a "
    "more just and equitable health care system for all."
)

ABOUT = """\
Transforming health professions education to create a more just and equitable \
health care system for all.

Social mission is a national movement, focused on health equity and training \
health professionals as agents of more equitable health care. This takes us \
beyond centuries-old conventions in health professions education to train \
providers prepared to build a system that is not only better, but fairer.

Our movement started with a 2012 conference in Tulsa, Oklahoma, that brought \
national attention to medical schools with strong social mission commitment, \
created a forum for collaboration and shared innovations, and legitimized the \
important role of medical education in addressing social inequities. We are now \
Social Mission Alliance.

## Vision

Health professions education in which social mission is present, prominent, and \
valued to drive health equity and improved health for individuals, communities, \
and nations.

## Mission

Social Mission Alliance aims to promote social mission in health professions \
education by networking learners, teachers, community leaders, health policy \
makers and their organizations to advance equity in education, research, \
service, policy, and practice.

## What is social mission?

The social mission of a health professions school is the contribution of the \
school in its mission, programs, and the performance of its graduates, faculty \
and leadership in advancing health equity and addressing the health disparities \
of the society in which it exists.

## Where to find us

Social Mission Alliance
2175 K St NW
Washington, DC 20037
"""

PRIVACY_SUMMARY = (
    "What the For Us All site collects, why, how long it is kept, and how to ask "
    "for it to be deleted."
)

PRIVACY = """\
This site is run by the Social Mission Alliance for the For Us All campaign. \
It asks for personal information only when you give it to us through one of \
its forms, and uses it only for the reason the form states.

## What we collect and why

- **Webinar registrations:** your name, email address, role, and, if you \
choose to give them, your organisation, a question for the panel and the \
accessibility accommodations you need. We use them to send you the joining \
details, reminders and the recording, to answer your question, and to arrange \
the accommodations you ask for.
- **Health Advocate Insights newsletter:** your email address and, if you give \
it, your name, with the time you agreed to receive the newsletter and the \
words you agreed to. We email you only after you confirm your address.
- **Champion nominations:** the details in the nomination form, including any \
photo you send. Staff use them to consider the nomination and to contact you \
and the person nominated. Nothing is published without the nominee's consent.

The site uses no advertising or tracking cookies and sends nothing about your \
visit to anyone else. It sets a cookie only to protect its forms from forgery \
and to keep staff signed in.

## How long we keep it

- Newsletter subscriptions last until you unsubscribe, which every newsletter \
email lets you do in one click. After that we keep only your address and the \
date you left, so that we never email you again.
- Webinar registrations and nominations are kept while the campaign runs its \
webinars and its Champion Spotlight series, unless you ask us to delete them \
sooner.

## How to see or delete your information

Write to the Social Mission Alliance at 2175 K St NW, Washington, DC 20037, \
and say which of your information you would like to see or have deleted. You \
can also cancel a webinar registration or unsubscribe from the newsletter \
yourself with the link in any email we send you.
"""

PILLARS = [
    (
        "Workforce Diversification",
        "workforce-diversification",
        (
            "Diversifying our healthcare workforce is a proven strategy for addressing "
            "health disparities."
        ),
        (
            "Diversifying our healthcare workforce is a proven strategy for addressing "
            "health disparities. To support this progression, health professions pathway "
            "programs should be prioritized for historically excluded communities within "
            "the health fields, such as Black, Latinx, Indigenous, and Pacific Islander "
            "communities, as well as those marginalized by disability, language, class or "
            "place. Workers within healthcare institutions should also be provided "
            "professional advancement opportunities. These types of initiatives bolster "
            "employment, promote social mobility, and raise the economic floor in the "
            "region for those who most often face barriers in pursuing these fields."
        ),
    ),
    (
        "Institutional Support for Historically Excluded Groups",
        "institutional-support-for-historically-excluded-groups",
        (
            "Historically excluded students and faculty have consistently led the way in "
            "advancing equity at institutions that were not originally designed with them "
            "in mind."
        ),
        (
            "Historically excluded students and faculty have consistently led the way in "
            "advancing equity at institutions that were not originally designed with them "
            "in mind. These individuals work tirelessly to make institutions more "
            "inclusive for patients, workers, and students, often without receiving "
            "adequate recognition or support in return. We believe it is crucial to "
            "acknowledge their contributions, compensate them fairly, and provide "
            "professional and financial resources, such as funding and affinity support "
            "networks, to ensure their work is sustainable."
        ),
    ),
    (
        "Anti-Racist and Justice-Oriented Health Education",
        "anti-racist-and-justice-oriented-health-education",
        (
            "Anti-racism and health equity curricula should be mandatory and "
            "standard—they are crucial for preparing health workers as health justice "
            "advocates."
        ),
        (
            "Anti-racism and health equity curricula should be mandatory and "
            "standard—they are crucial for preparing health workers as health justice "
            "advocates. Health equity principles and content should be included in "
            "educational competencies, assessment, disciplinary priorities, and "
            "institutional policies. Educational resources should be directed to "
            "preparing trainees to meet the needs of patient populations that are most "
            "structurally oppressed. Additionally, institutions must have mechanisms to "
            "ensure retention in training for those most disproportionately impacted by "
            "attrition within health fields."
        ),
    ),
    (
        "Centering Community Power",
        "centering-community-power",
        (
            "Centering community power is fundamental to addressing the root causes of "
            "health disparities for the communities that healthcare institutions serve."
        ),
        (
            "Centering community power is fundamental to addressing the root causes of "
            "health disparities for the communities that healthcare institutions serve. "
            "Whether increased community oversight of institutional activities and "
            "resource allocation, to maintaining access and funding for key safety net "
            "lifelines like FQHCs, empowering the community must be an explicit goal in "
            "our work. All service learning and community benefit dollars should be "
            "directed towards community-identified needs through participatory processes. "
            "Additionally, supervised community accountability councils and "
            "representation within administrative and leadership bodies of health "
            "institutions (i.e., admissions committees, Board of Directors) can return "
            "agency back to legacy residents who have been most impacted by gentrification "
            "and displacement."
        ),
    ),
    (
        "Repairing Harm with Community Redress",
        "repairing-harm-with-community-redress",
        "Our health system historically has caused deep harm to many.",
        (
            "Our health system historically has caused deep harm to many. Healthcare "
            "institutions ought to engage in processes that acknowledge and educate their "
            "own students and workers of historical harms, while addressing the needs of "
            "those harmed. These processes aim to repair exploitative relationships "
            "between institutions and the communities they serve, building a foundation "
            "of trust, reciprocity, and shared governance."
        ),
    ),
]

PAGES = [
    ("mission", "Mission", MISSION, MISSION),
    ("introduction", "Introducing For Us All", INTRODUCTION_SUMMARY, INTRODUCTION),
    ("about", "About the Social Mission Alliance", ABOUT_SUMMARY, ABOUT),
    ("privacy", "Privacy", PRIVACY_SUMMARY, PRIVACY),
]


def load_content(apps, schema_editor):
    Pillar = apps.get_model("campaign", "Pillar")
    Page = apps.get_model("campaign", "Page")
    for number, (title, slug, summary, body) in enumerate(PILLARS, start=1):
        Pillar.objects.update_or_create(
            slug=slug,
            defaults={"number": number, "title": title, "summary": summary, "body": body},
        )
    for slug, title, summary, body in PAGES:
        Page.objects.update_or_create(
            slug=slug, defaults={"title": title, "summary": summary, "body": body}
        )


def remove_content(apps, schema_editor):
    apps.get_model("campaign", "Pillar").objects.filter(
        slug__in=[slug for _, slug, _, _ in PILLARS]
    ).delete()
    apps.get_model("campaign", "Page").objects.filter(
        slug__in=[slug for slug, _, _, _ in PAGES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("campaign", "0001_initial")]

    operations = [migrations.RunPython(load_content, remove_content)]
