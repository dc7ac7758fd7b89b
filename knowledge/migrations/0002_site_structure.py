"""The site's fixed structure: the Ukrainian home page with the practice library, resources and events,
and the "Moderator approval" workflow on the library.

Wagtail's placeholder welcome page is replaced. Pages are created with raw tree paths because
migrations only see historical models (no treebeard methods).
"""

import uuid

from django.db import migrations

STRUCTURE = [
    # (model, slug, title, intro)
    ("practicelibrarypage", "praktyky", "Бібліотека практик", "Перевірені практики громад і областей: що зробили, в яких умовах і з яким результатом."),
    ("resourceindexpage", "resursy", "Ресурси", "Посібники, навчальні курси та звіти програми."),
    ("eventindexpage", "podii", "Події", "Семінари, обміни досвідом та зустрічі спільноти."),
]


def create_structure(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")

    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2, slug="home").delete()
    locale, _ = Locale.objects.get_or_create(language_code="uk")
    Locale.objects.get_or_create(language_code="en")  # the second content language
    root = Page.objects.get(depth=1)
    siblings = Page.objects.filter(depth=2).count()

    def create(model, parent, position, slug, title, **fields):
        content_type, _ = ContentType.objects.get_or_create(app_label="knowledge", model=model)
        Model = apps.get_model("knowledge", model)
        path = parent.path + f"{position:04d}"
        url_path = (parent.url_path if parent.depth > 1 else "/") + slug + "/"
        return Model.objects.create(
            title=title, draft_title=title, slug=slug, content_type=content_type, path=path,
            depth=parent.depth + 1, numchild=0, url_path=url_path, locale=locale, live=True,
            translation_key=uuid.uuid4(), **fields,
        )

    home = create(
        "homepage", root, siblings + 1, "home", "Спільнота практик місцевої демократії",
        intro="Кращі практики громад і областей, обговорення та поради для місцевої та регіональної влади України.",
    )
    root.numchild = siblings + 1
    root.save(update_fields=["numchild"])
    for position, (model, slug, title, intro) in enumerate(STRUCTURE, start=1):
        page = create(model, home, position, slug, title, intro=intro, show_in_menus=True)
        if model == "practicelibrarypage":
            library = page
    home.numchild = len(STRUCTURE)
    home.save(update_fields=["numchild"])

    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Спільнота практик")

    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.create(name="Moderator approval", content_type=task_type, active=True)
    task.groups.add(Group.objects.get(name="Moderator"))
    workflow = Workflow.objects.create(name="Moderator approval", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page_id=library.pk, defaults={"workflow": workflow})


def remove_structure(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name="Moderator approval").delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name="Moderator approval").delete()
    apps.get_model("knowledge", "HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("members", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_structure, remove_structure)]
