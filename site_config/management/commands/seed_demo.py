"""`manage.py seed_demo [--scale N]`: a believable, Russian-speaking demo site.

Asks every installed app that has a `demo` module, in `INSTALLED_APPS` order (accounts
first, so the others find people), for `seed(scale=..., stdout=...)`. Idempotent.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD, logins


class Command(BaseCommand):
    help = "Create demo users, organizations and each app's demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Create N times more users and content (default 1).",
        )

    def handle(self, *args, scale: int = 1, **options):
        if scale < 1 or scale > 1000:
            raise CommandError("--scale must be between 1 and 1000.")
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(config.name) is None or (
                importlib.util.find_spec(module_name) is None
            ):
                continue
            self.stdout.write(f"Seeding {config.label}…")
            importlib.import_module(module_name).seed(scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        for email, label in logins():
            self.stdout.write(f"  {email:<28} {label}")
