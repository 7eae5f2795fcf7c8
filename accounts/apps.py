from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and organizations")

    def ready(self):
        from site_config import registry

        registry.register_activity(key="10-accounts", sources="accounts.activity.sources")
        # What references stored files: the hourly upload cleanup keeps these.
        registry.register_upload_references(model="accounts.User", fields=("avatar",), owner="id")
