"""A first Spanish translation of the About and Privacy pages, for staff to review.

Like the mission and the pillars before them, these are a translation, not
the organisation's own writing: "Spanish checked" stays unticked. A page
staff have already given Spanish text keeps it.
"""

from django.db import migrations
from django.db.models import Q

PAGES_ES = {
    "about": {
        "title": "Acerca de la Social Mission Alliance",
        "summary": "Social Mission Alliance: transformamos la educación de las profesiones de la salud para crear un sistema de atención médica más justo y equitativo para todas las personas.",
        "body": (
            "Transformamos la educación de las profesiones de la salud para crear un sistema de atención médica más justo y equitativo para todas las personas.\n"
            "\n"
            "La misión social es un movimiento nacional centrado en la equidad en salud y en la formación de profesionales de la salud como agentes de una atención médica más equitativa. Esto nos lleva más allá de convenciones centenarias de la educación de las profesiones de la salud, para formar a proveedores de atención médica preparados para construir un sistema que no solo sea mejor, sino también más justo.\n"
            "\n"
            "Nuestro movimiento comenzó con una conferencia celebrada en 2012 en Tulsa, Oklahoma, que atrajo la atención nacional hacia las escuelas de medicina con un firme compromiso con la misión social, creó un foro para la colaboración y el intercambio de innovaciones, y legitimó el importante papel de la educación médica para abordar las desigualdades sociales. Hoy somos Social Mission Alliance.\n"
            "\n"
            "## Visión\n"
            "\n"
            "Una educación de las profesiones de la salud en la que la misión social esté presente, ocupe un lugar destacado y sea valorada para impulsar la equidad en salud y una mejor salud para las personas, las comunidades y las naciones.\n"
            "\n"
            "## Misión\n"
            "\n"
            "Social Mission Alliance busca promover la misión social en la educación de las profesiones de la salud conectando en red a estudiantes, docentes, líderes de la comunidad, responsables de las políticas de salud y sus organizaciones para hacer avanzar la equidad en la educación, la investigación, el servicio, las políticas y la práctica.\n"
            "\n"
            "## ¿Qué es la misión social?\n"
            "\n"
            "La misión social de una escuela de profesiones de la salud es la contribución que hace la escuela, a través de su misión, sus programas y el desempeño de sus personas egresadas, su cuerpo docente y su liderazgo, a hacer avanzar la equidad en salud y a abordar las disparidades en salud de la sociedad en la que existe.\n"
            "\n"
            "## Dónde encontrarnos\n"
            "\n"
            "Social Mission Alliance\n"
            "2175 K St NW\n"
            "Washington, DC 20037\n"
        ),
    },
    "privacy": {
        "title": "Privacidad",
        "summary": "Qué datos recopila el sitio For Us All, por qué, cuánto tiempo se conservan y cómo solicitar que se eliminen.",
        "body": (
            "La Social Mission Alliance administra este sitio para la campaña For Us All. El sitio solo le pide información personal cuando usted nos la proporciona mediante uno de sus formularios, y la usa únicamente para el fin que indica el formulario.\n"
            "\n"
            "## Qué recopilamos y por qué\n"
            "\n"
            "- **Inscripciones a seminarios web:** su nombre, dirección de correo electrónico, rol y, si decide proporcionarlos, su organización, una pregunta para el panel y las adaptaciones de accesibilidad que necesite. Los usamos para enviarle los datos para unirse, los recordatorios y la grabación, para responder a su pregunta y para organizar las adaptaciones que solicite.\n"
            "- **Boletín Health Advocate Insights:** su dirección de correo electrónico y, si nos lo proporciona, su nombre, junto con el momento en que aceptó recibir el boletín y el texto que aceptó. Solo le enviamos correos electrónicos después de que usted confirme su dirección.\n"
            "- **Nominaciones de campeones y campeonas:** los datos del formulario de nominación, incluida cualquier foto que nos envíe. El personal los usa para evaluar la nominación y para comunicarse con usted y con la persona nominada. No se publica nada sin el consentimiento de la persona nominada.\n"
            "\n"
            "El sitio no usa cookies de publicidad ni de seguimiento, y no envía a nadie más ninguna información sobre su visita. Solo instala una cookie para proteger sus formularios contra falsificaciones y para mantener la sesión iniciada del personal.\n"
            "\n"
            "## Cuánto tiempo la conservamos\n"
            "\n"
            "- Las suscripciones al boletín duran hasta que usted se da de baja, lo que puede hacer con un solo clic desde cualquier correo electrónico del boletín. Después, conservamos su dirección, la fecha en que se dio de baja y el registro de su consentimiento (cuándo lo dio y a qué texto), para no volver a enviarle nunca un correo electrónico y para poder demostrar que solo le enviamos correos electrónicos con su acuerdo.\n"
            "- Las inscripciones a seminarios web y las nominaciones se conservan mientras la campaña realice sus seminarios web y su serie Champion Spotlight, a menos que usted nos pida que las eliminemos antes.\n"
            "\n"
            "## Cómo ver o eliminar su información\n"
            "\n"
            "Escriba a la Social Mission Alliance a la dirección 2175 K St NW, Washington, DC 20037, e indíquenos qué información suya desea ver o que eliminemos. También puede cancelar por su cuenta una inscripción a un seminario web o darse de baja del boletín con el enlace que aparece en cualquier correo electrónico que le enviemos.\n"
        ),
    },
}


def add_spanish(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    for slug, text in PAGES_ES.items():
        no_spanish = Q(body_es__isnull=True) | Q(body_es="")
        Page.objects.filter(no_spanish, slug=slug).update(
            title_es=text["title"], summary_es=text["summary"], body_es=text["body"]
        )


def remove_spanish(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    for slug, text in PAGES_ES.items():
        Page.objects.filter(slug=slug, body_es=text["body"]).update(
            title_es=None, summary_es=None, body_es=None
        )


class Migration(migrations.Migration):
    dependencies = [("campaign", "0008_spanish_content")]

    operations = [migrations.RunPython(add_spanish, remove_spanish)]
