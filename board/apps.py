from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "board"
    verbose_name = _("Board")

    def ready(self):
        from site_config import registry

        registry.register_home_section(
            template="board/_home_section.html", context="board.selectors.home_section", order=20
        )
        registry.register_activity(key="20-board", sources="board.activity.sources")
        # What references stored files: the hourly upload cleanup keeps these.
        registry.register_upload_references(model="board.Ad", fields=("body",), owner="author")
        registry.register_upload_references(
            model="board.Newsletter", fields=("body",), owner="created_by"
        )

        from board.models import Ad, Response
        from site_config.cache import invalidate_on_write

        # Cached counts, cards and pages of the board are keyed by its data version.
        invalidate_on_write(Ad, Response, namespace="board")
