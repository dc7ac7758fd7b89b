"""Replace Wagtail's placeholder welcome page with the Ukrainian home page of the community."""

from django.db import migrations


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("knowledge", "HomePage")

    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2, slug="home").delete()
    content_type, _ = ContentType.objects.get_or_create(app_label="knowledge", model="homepage")
    locale, _ = Locale.objects.get_or_create(language_code="uk")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Спільнота практик місцевої демократії",
        draft_title="Спільнота практик місцевої демократії",
        slug="home",
        content_type=content_type,
        path=root.path + "0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        intro="Кращі практики громад і областей, обговорення та поради для місцевої та регіональної влади України.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Спільнота практик")


def remove_home(apps, schema_editor):
    apps.get_model("knowledge", "HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(create_home, remove_home)]
