"""Load the Ukrainian demo content and demo accounts; running it again changes nothing."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from cop.core import demo_data
from cop.places.models import Hromada, Oblast
from curation.demo import CurationDemo
from curation.demo_promotion import load_promotion_demo


class Command(BaseCommand):
    help = "Load the Ukrainian demo content (idempotent) and, in development, one demo account per role."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Do not create the demo accounts.")

    @transaction.atomic
    def handle(self, *args, **options):
        # Imported here: they read the demo/ YAML files, and a mistake there is a CommandError (one line, no traceback).
        from forum.demo import ForumDemo
        from knowledge.demo import KnowledgeDemo

        created = {"hromadas": 0, "pages": 0, "accounts": 0}
        created["hromadas"] = self.load_hromadas()
        created["pages"] = KnowledgeDemo(write=self.stdout.write).run()
        if not options["no_accounts"]:
            if settings.DEBUG:
                created["accounts"] = self.load_accounts()
            else:
                self.stdout.write(self.style.WARNING("DEBUG is off: demo accounts are not created."))
        # Forum categories always; discussions only when the demo accounts exist (extra forum members with them).
        ForumDemo(write=self.stdout.write).run(create_members=settings.DEBUG and not options["no_accounts"])
        CurationDemo(write=self.stdout.write).run()  # submissions in every state, when the demo accounts exist
        load_promotion_demo(write=self.stdout.write)  # a discussion curated into the library, featured, verified
        KnowledgeDemo(write=self.stdout.write).load_tag_names()  # English names of the tags all of the above use
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content ready: {hromadas} new hromadas, {pages} new pages, {accounts} new accounts.".format(**created)
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
