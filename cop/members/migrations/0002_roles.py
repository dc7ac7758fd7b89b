"""Role groups: Member, Moderator, Editor.

Wagtail's initial data already made "Moderators" and "Editors" groups with page permissions and the
default approval workflow; they are renamed rather than duplicated, so the workflow keeps working.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Member": [("members", "view_directory")],
    "Moderator": [
        ("members", "view_directory"),
        ("members", "moderate_membership"),
        ("wagtailadmin", "access_admin"),
    ],
    "Editor": [
        ("members", "view_directory"),
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
}
WAGTAIL_NAMES = {"Moderator": "Moderators", "Editor": "Editors"}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None and name in WAGTAIL_NAMES:
            group = Group.objects.filter(name=WAGTAIL_NAMES[name]).first()
            if group is not None:
                group.name = name
                group.save()
        if group is None:
            group = Group.objects.create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Member").delete()
    for name, old in WAGTAIL_NAMES.items():
        Group.objects.filter(name=name).update(name=old)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
