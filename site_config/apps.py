from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """Site-wide pieces (template tags, `seed_demo`, the registry) and the upload records."""

    name = "site_config"
    verbose_name = _("Site")

    def ready(self):
        # Each app's permissions.py registers its named rules (`rules.add_perm`).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")

        # Names, avatars and organizations appear on cached cards and pages.
        from accounts.models import Membership, Organization, Profile, User
        from site_config.cache import invalidate_on_write

        invalidate_on_write(User, Profile, Organization, Membership, namespace="people")
