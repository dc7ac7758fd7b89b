"""Compile the .po catalogues to .mo with polib, so no GNU gettext is needed to run the site."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (pure Python, no gettext tools needed)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                catalogue.save_as_mofile(str(mo_path))
                compiled += 1
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR) if po_path.is_relative_to(settings.BASE_DIR) else po_path} ({catalogue.percent_translated()}% translated)")
        self.stdout.write(f"{compiled} catalogue(s) compiled")
