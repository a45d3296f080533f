"""A first Spanish translation of the campaign's own words, for staff to review.

The mission, the introduction and the five pillars get Spanish text, as the
campaign's site serves Spanish readers first. It is a translation, not the
campaign's own writing: "Spanish checked" stays unticked, so admin lists
each as awaiting review until a Spanish reader has checked it.
"""

from django.db import migrations

MISSION_ES = (
    "La campaña For Us All se dedica a luchar por una justicia en salud transformadora "
    "mediante la responsabilidad social en las instituciones de formación en profesiones "
    "de la salud, y a reimaginar el contrato social para ver un mundo en el que haya "
    "igualdad en salud para todos nosotros."
)

INTRODUCTION_TITLE_ES = "Presentamos For Us All"

INTRODUCTION_SUMMARY_ES = (
    "La campaña “For Us All” es nuestra nueva iniciativa de incidencia, que lucha por una"
    " justicia en salud transformadora mediante la responsabilidad social en las "
    "instituciones de formación en profesiones de la salud."
)

INTRODUCTION_ES = (
    "La campaña “For Us All” es nuestra nueva iniciativa de incidencia, que lucha por una"
    " justicia en salud transformadora mediante la responsabilidad social en las "
    "instituciones de formación en profesiones de la salud. La campaña busca inspirar a "
    "reimaginar el contrato social para ver un mundo en el que haya igualdad en salud "
    "para todos nosotros. Es un medio para movilizar a nuestra amplia comunidad de "
    "profesionales de la salud comprometidos, de todo Estados Unidos y de otros países, "
    "que se han vinculado con la SMA a través de nuestras conferencias durante la última "
    "década. Juntos, usaremos esta campaña para organizarnos en favor de cambios "
    "estructurales que estén en consonancia con la visión de la SMA de formar a "
    "profesionales de la salud como agentes de una atención de salud más equitativa."
)

PILLARS_ES = [
    (
        "Diversificación de la fuerza laboral",
        (
            "Diversificar nuestra fuerza laboral en el sector de la salud es una "
            "estrategia comprobada para abordar las disparidades en salud."
        ),
        (
            "Diversificar nuestra fuerza laboral en el sector de la salud es una "
            "estrategia comprobada para abordar las disparidades en salud. Para apoyar "
            "este avance, se debe dar prioridad a los programas que abren camino hacia "
            "las profesiones de la salud para las comunidades históricamente excluidas de"
            " los campos de la salud, como las comunidades negras, latinx, indígenas y de"
            " las islas del Pacífico, así como las personas marginadas por discapacidad, "
            "idioma, clase o lugar. También se deben ofrecer oportunidades de desarrollo "
            "profesional a quienes trabajan en las instituciones de atención de salud. "
            "Este tipo de iniciativas impulsan el empleo, promueven la movilidad social y"
            " elevan el piso económico de la región para quienes con mayor frecuencia "
            "enfrentan barreras para dedicarse a estos campos."
        ),
    ),
    (
        "Apoyo institucional a los grupos históricamente excluidos",
        (
            "El estudiantado y el profesorado históricamente excluidos han liderado "
            "constantemente el avance de la equidad en instituciones que originalmente no"
            " se diseñaron pensando en ellos."
        ),
        (
            "El estudiantado y el profesorado históricamente excluidos han liderado "
            "constantemente el avance de la equidad en instituciones que originalmente no"
            " se diseñaron pensando en ellos. Estas personas trabajan incansablemente "
            "para que las instituciones sean más inclusivas para pacientes, trabajadores "
            "y estudiantes, a menudo sin recibir a cambio el reconocimiento o el apoyo "
            "adecuados. Creemos que es fundamental reconocer sus aportes, remunerarlas de"
            " manera justa y brindarles recursos profesionales y financieros, como "
            "financiamiento y redes de apoyo por afinidad, para asegurar que su labor sea"
            " sostenible."
        ),
    ),
    (
        "Educación en salud antirracista y orientada a la justicia",
        (
            "Los planes de estudio sobre antirracismo y equidad en salud deben ser "
            "obligatorios y estándar: son fundamentales para preparar a los trabajadores "
            "de la salud como defensores de la justicia en salud."
        ),
        (
            "Los planes de estudio sobre antirracismo y equidad en salud deben ser "
            "obligatorios y estándar: son fundamentales para preparar a los trabajadores "
            "de la salud como defensores de la justicia en salud. Los principios y "
            "contenidos de equidad en salud deben incluirse en las competencias "
            "educativas, la evaluación, las prioridades disciplinarias y las políticas "
            "institucionales. Los recursos educativos deben destinarse a preparar a las "
            "personas en formación para atender las necesidades de las poblaciones de "
            "pacientes más oprimidas estructuralmente. Además, las instituciones deben "
            "contar con mecanismos que garanticen la permanencia en la formación de "
            "quienes se ven afectados de manera más desproporcionada por la deserción en "
            "los campos de la salud."
        ),
    ),
    (
        "Poner en el centro el poder comunitario",
        (
            "Poner en el centro el poder comunitario es fundamental para abordar las "
            "causas profundas de las disparidades en salud de las comunidades a las que "
            "sirven las instituciones de atención de salud."
        ),
        (
            "Poner en el centro el poder comunitario es fundamental para abordar las "
            "causas profundas de las disparidades en salud de las comunidades a las que "
            "sirven las instituciones de atención de salud. Ya sea mediante una mayor "
            "supervisión comunitaria de las actividades institucionales y de la "
            "asignación de recursos, o manteniendo el acceso y el financiamiento de "
            "servicios vitales clave de la red de seguridad, como los FQHC, el "
            "empoderamiento de la comunidad debe ser un objetivo explícito de nuestro "
            "trabajo. Todos los fondos de aprendizaje-servicio y de beneficio comunitario"
            " deben destinarse a las necesidades identificadas por la comunidad mediante "
            "procesos participativos. Además, los consejos comunitarios de rendición de "
            "cuentas supervisados y la representación en los órganos administrativos y "
            "directivos de las instituciones de salud (es decir, los comités de admisión "
            "y la junta directiva) pueden devolver la capacidad de decisión a los "
            "residentes de toda la vida, que han sido los más afectados por la "
            "gentrificación y el desplazamiento."
        ),
    ),
    (
        "Reparar el daño mediante la reparación comunitaria",
        (
            "Históricamente, nuestro sistema de salud ha causado un daño profundo a "
            "muchas personas."
        ),
        (
            "Históricamente, nuestro sistema de salud ha causado un daño profundo a "
            "muchas personas. Las instituciones de atención de salud deberían emprender "
            "procesos que reconozcan los daños históricos y eduquen sobre ellos a sus "
            "propios estudiantes y trabajadores, a la vez que atiendan las necesidades de"
            " quienes sufrieron esos daños. Estos procesos buscan reparar las relaciones "
            "de explotación entre las instituciones y las comunidades a las que sirven, "
            "construyendo una base de confianza, reciprocidad y gobernanza compartida."
        ),
    ),
]


MISSION_TITLE_ES = "Misión"


def add_spanish(apps, schema_editor):
    Page = apps.get_model("campaign", "Page")
    Pillar = apps.get_model("campaign", "Pillar")
    Page.objects.filter(slug="mission").update(
        title_es=MISSION_TITLE_ES, summary_es=MISSION_ES, body_es=MISSION_ES
    )
    Page.objects.filter(slug="introduction").update(
        title_es=INTRODUCTION_TITLE_ES,
        summary_es=INTRODUCTION_SUMMARY_ES,
        body_es=INTRODUCTION_ES,
    )
    for number, (title, summary, body) in enumerate(PILLARS_ES, start=1):
        Pillar.objects.filter(number=number).update(
            title_es=title, summary_es=summary, body_es=body
        )


def remove_spanish(apps, schema_editor):
    apps.get_model("campaign", "Page").objects.filter(slug__in=["mission", "introduction"]).update(
        title_es=None, summary_es=None, body_es=None
    )
    apps.get_model("campaign", "Pillar").objects.update(
        title_es=None, summary_es=None, body_es=None
    )


class Migration(migrations.Migration):
    dependencies = [("campaign", "0007_content_in_two_languages")]

    operations = [migrations.RunPython(add_spanish, remove_spanish)]
