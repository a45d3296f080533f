"""The ways to get involved from the campaign page's "Get Involved", the
organisation's website from its profile, and editors' rights on both and on
the contact form's messages."""

from django.db import migrations

from campaign.staff import EDITORS
from forus.staff import ALL_ACTIONS, VIEW_CHANGE, grant_permissions

WAYS = [
    {
        "position": 10,
        "destination": "webinars",
        "title_en": "Join a live webinar",
        "title_es": "Participe en un seminario web en vivo",
        "summary_en": (
            "Our webinars introduce the For Us All campaign to everyone in our network "
            "and are open for questions about how to get involved."
        ),
        "summary_es": (
            "Nuestros seminarios web presentan la campaña For Us All a toda nuestra red "
            "y están abiertos a preguntas sobre cómo participar."
        ),
        "button_label_en": "See the webinars",
        "button_label_es": "Ver los seminarios web",
    },
    {
        "position": 20,
        "destination": "recordings",
        "title_en": "Watch past webinars",
        "title_es": "Vea seminarios web anteriores",
        "summary_en": "Missed one? Past webinars are listed with their recordings when we add them.",
        "summary_es": (
            "¿Se perdió alguno? Los seminarios web anteriores aparecen con sus grabaciones "
            "cuando las añadimos."
        ),
        "button_label_en": "Past webinars",
        "button_label_es": "Seminarios web anteriores",
    },
    {
        "position": 30,
        "destination": "newsletter",
        "title_en": "Stay updated",
        "title_es": "Manténgase informado",
        "summary_en": (
            "For information regarding the For Us All campaign, sign up for "
            "Health Advocate Insights."
        ),
        "summary_es": (
            "Para recibir información sobre la campaña For Us All, suscríbase a "
            "Health Advocate Insights."
        ),
        "button_label_en": "Sign up",
        "button_label_es": "Suscribirse",
    },
    {
        "position": 40,
        "destination": "nominate",
        "title_en": "Nominate a Social Mission Champion",
        "title_es": "Nomine a un Social Mission Champion",
        "summary_en": (
            "The series highlights the important work done by those who are advancing "
            "health equity. Nominate someone, or yourself, for a feature."
        ),
        "summary_es": (
            "La serie destaca el importante trabajo de quienes impulsan la equidad en "
            "salud. Nomine a alguien, o a usted mismo, para ser presentado."
        ),
        "button_label_en": "Nominate a champion",
        "button_label_es": "Nominar a un champion",
    },
    {
        "position": 50,
        "destination": "organisation",
        "title_en": "Follow the Social Mission Alliance",
        "title_es": "Siga a la Social Mission Alliance",
        "summary_en": (
            "Social mission is a national movement, focused on health equity and training "
            "health professionals as agents of more equitable health care."
        ),
        "summary_es": (
            "La misión social es un movimiento nacional centrado en la equidad en salud y en "
            "formar a profesionales de la salud como agentes de una atención más equitativa."
        ),
        "button_label_en": "Visit the website",
        "button_label_es": "Visitar el sitio web",
    },
    {
        "position": 60,
        "destination": "contact",
        "title_en": "Write to us",
        "title_es": "Escríbanos",
        "summary_en": "A question about the campaign, or an idea? Send us a message.",
        "summary_es": "¿Una pregunta sobre la campaña o una idea? Envíenos un mensaje.",
        "button_label_en": "Contact us",
        "button_label_es": "Contactar",
    },
]


def add_content(apps, schema_editor):
    WayToAct = apps.get_model("campaign", "WayToAct")
    if not WayToAct.objects.exists():
        for way in WAYS:
            WayToAct.objects.create(
                **way,
                title=way["title_en"],
                summary=way["summary_en"],
                button_label=way["button_label_en"],
            )
    OrganisationDetails = apps.get_model("campaign", "OrganisationDetails")
    # The organisation's profile names its website; the rest is for staff to fill in.
    OrganisationDetails.objects.get_or_create(
        pk=1, defaults={"website": "https://socialmission.org"}
    )
    grant_permissions(
        apps,
        group=EDITORS,
        app_label="campaign",
        models={
            "waytoact": ALL_ACTIONS,
            "organisationdetails": VIEW_CHANGE,
            "contactmessage": (*VIEW_CHANGE, "delete"),
        },
    )


def remove_content(apps, schema_editor):
    apps.get_model("campaign", "WayToAct").objects.all().delete()
    apps.get_model("campaign", "OrganisationDetails").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0016_ways_to_act_organisation_contact"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_content, remove_content)]
