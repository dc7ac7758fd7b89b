"""Moderators add and change forum categories in the Wagtail admin (deleting one with topics is refused)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["add_category", "change_category", "view_category"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("forum")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderator").first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="forum", codename__in=PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderator").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="forum", codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial"), ("members", "0002_roles")]
    operations = [migrations.RunPython(grant, revoke)]
