"""Load the Ukrainian demo content and demo accounts; running it again changes nothing."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Site

from cop.core import demo_data
from cop.places.models import Hromada, Oblast
from knowledge.models import HomePage, ThemePage


class Command(BaseCommand):
    help = "Load the Ukrainian demo content (idempotent) and, in development, one demo account per role."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Do not create the demo accounts.")

    @transaction.atomic
    def handle(self, *args, **options):
        created = {"hromadas": 0, "themes": 0, "accounts": 0}
        created["hromadas"] = self.load_hromadas()
        home = self.load_home()
        created["themes"] = self.load_themes(home)
        if not options["no_accounts"]:
            if settings.DEBUG:
                created["accounts"] = self.load_accounts()
            else:
                self.stdout.write(self.style.WARNING("DEBUG is off: demo accounts are not created."))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content ready: {hromadas} new hromadas, {themes} new themes, {accounts} new accounts.".format(**created)
            )
        )

    def load_hromadas(self):
        count = 0
        for slug, name, name_en, oblast_slug, kind, population in demo_data.HROMADAS:
            _, was_created = Hromada.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "oblast": Oblast.objects.get(slug=oblast_slug),
                    "kind": kind,
                    "population": population,
                },
            )
            count += was_created
        return count

    def load_home(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise SystemExit("The default site's root page is not a HomePage; run migrations on a fresh database.")
        if not home.body:
            home.intro = demo_data.HOME_INTRO
            home.body = demo_data.HOME_BODY
            home.save_revision().publish()
        return home

    def load_themes(self, home):
        count = 0
        uk = Locale.objects.get(language_code="uk")
        for slug, title, short, intro, body, _title_en, _intro_en in demo_data.THEMES:
            if ThemePage.objects.filter(slug=slug, locale=uk).exists():
                continue
            theme = ThemePage(title=title, slug=slug, short_title=short, intro=intro, body=body, locale=uk)
            home.add_child(instance=theme)
            theme.save_revision().publish()
            count += 1
        self.translate_themes(home)
        return count

    def translate_themes(self, home):
        """English versions of the home page and themes, linked as translations."""
        en, _ = Locale.objects.get_or_create(language_code="en")
        home_en = home.get_translation_or_none(en)
        if home_en is None:
            home_en = home.copy_for_translation(en)
            home_en.title = "Community of practice of local democracy"
            home_en.draft_title = home_en.title
            home_en.intro = (
                "Good practices of hromadas and oblasts, discussions and guidance for local and regional authorities of Ukraine."
            )
            home_en.body = (
                "<p>The community of practice grew out of the Council of Europe Congress programme "
                "“Strengthening democracy and trust at local level”. Anyone can read; members publish practices and discuss.</p>"
            )
            home_en.save_revision().publish()
        for slug, _title, _short, _intro, _body, title_en, intro_en in demo_data.THEMES:
            theme = ThemePage.objects.get(slug=slug, locale__language_code="uk")
            if theme.get_translation_or_none(en) is not None:
                continue
            translated = theme.copy_for_translation(en)
            translated.title = translated.draft_title = title_en
            translated.intro = intro_en
            translated.body = f"<p>{intro_en}</p>"
            translated.save_revision().publish()

    def load_accounts(self):
        User = get_user_model()
        count = 0
        lines = []
        for username, email, first, last, position, organisation, hromada_slug, role, status in demo_data.ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                hromada = Hromada.objects.filter(slug=hromada_slug).first() if hromada_slug else None
                user = User.objects.create_user(
                    username=username,
                    email=email,
                    password=demo_data.DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    position=position,
                    organisation=organisation,
                    hromada=hromada,
                    oblast=hromada.oblast if hromada else None,
                    membership_status=status,
                )
                if role:
                    user.groups.add(Group.objects.get(name=role))
                    if role != "Member":
                        user.groups.add(Group.objects.get(name="Member"))
                EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
                count += 1
            lines.append(f"  {role or 'pending applicant':<18} {email:<26} {demo_data.DEMO_PASSWORD}")
        self.stdout.write("Demo accounts (development only; log in with e-mail and password):")
        for line in lines:
            self.stdout.write(line)
        return count
