from django.db import migrations

from campaign.staff import EDITORS
from forus.staff import VIEW_CHANGE, grant_permissions

# The webinars' and the champions' groups, as named in their apps' staff modules.
EVENT_COORDINATORS = "Event coordinators"
MODERATORS = "Moderators"


def create_groups(apps, schema_editor):
    grant_permissions(
        apps,
        group=EDITORS,
        app_label="campaign",
        models={"pillar": VIEW_CHANGE, "page": VIEW_CHANGE},
    )
    # The other two groups get their permissions from the webinar and champion
    # apps' migrations; they exist from the start so staff can be put in them.
    Group = apps.get_model("auth", "Group")
    for name in (EVENT_COORDINATORS, MODERATORS):
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[EDITORS, EVENT_COORDINATORS, MODERATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0002_campaign_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
