"""A GIN index for the board's full-text search, on PostgreSQL only.

`GinIndex` in Meta.indexes would emit `USING gin` on SQLite too and break its migrations,
so the index is created here only when the database is PostgreSQL. The expression is the
same `SearchVector` the search selector builds, so the planner can use the index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "board_ad_search_gin"


def _index():
    return GinIndex(
        SearchVector("title", "body_text", config="russian"), name=INDEX_NAME
    )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("board", "Ad"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("board", "Ad"), _index())


class Migration(migrations.Migration):
    dependencies = [("board", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
