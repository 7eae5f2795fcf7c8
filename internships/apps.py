from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "internships"
    verbose_name = _("Internships")

    def ready(self):
        from site_config import registry

        registry.register_home_section(
            template="internships/_home_section.html",
            context="internships.selectors.home_section",
            order=10,
        )
        registry.register_activity(key="30-internships", sources="internships.activity.sources")
        # What references stored files: the hourly upload cleanup keeps these.
        registry.register_upload_references(
            model="internships.Posting", fields=("description",), owner="employer"
        )

        from internships.models import Application, ApplicationEvent, Auction, Bid, Posting
        from site_config.cache import invalidate_on_write

        # Cached pages of postings and auctions are keyed by the app's data version.
        invalidate_on_write(
            Posting, Application, ApplicationEvent, Auction, Bid, namespace="internships"
        )
