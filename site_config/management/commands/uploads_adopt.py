"""Record the stored files that have no upload record yet (files stored before uploads
were recorded), so they count toward quotas and the cleanup sees them."""

from django.core.management.base import BaseCommand

from site_config.uploads import uploads_adopt


class Command(BaseCommand):
    help = "Record existing uploaded files (avatars, covers, materials, editor images)."

    def handle(self, *args, **options):
        added = uploads_adopt()
        self.stdout.write(self.style.SUCCESS(f"Recorded {added} file(s)."))
