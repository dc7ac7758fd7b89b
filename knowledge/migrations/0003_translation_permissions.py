"""Editors and moderators may submit pages for translation (wagtail.contrib.simple_translation)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="simple_translation", codename="submit_translation")
    for group in Group.objects.filter(name__in=["Editor", "Moderator"]):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=["Editor", "Moderator"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="simple_translation", codename="submit_translation"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_site_structure"), ("simple_translation", "0001_initial")]
    operations = [migrations.RunPython(grant, revoke)]
