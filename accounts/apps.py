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

        # The bell's cached unread count follows every saved or deleted notification.
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Notification
        from accounts.services import forget_unread_count

        def forget(sender, instance, **kwargs):
            forget_unread_count(instance.recipient_id)

        post_save.connect(forget, sender=Notification, weak=False, dispatch_uid="notif-unread-s")
        post_delete.connect(forget, sender=Notification, weak=False, dispatch_uid="notif-unread-d")
