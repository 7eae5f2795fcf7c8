from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from site_config import registry

        registry.register_home_section(
            template="learning/_home_section.html",
            context="learning.selectors.home_section",
            order=30,
        )
        registry.register_activity(key="40-learning", sources="learning.activity.sources")
