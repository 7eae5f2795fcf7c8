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
