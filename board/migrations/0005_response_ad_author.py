"""`Response.ad_author`: a copy of the ad's author, so "responses to my ads" walks an index.

Added nullable and filled from each response's ad here; made NOT NULL in the next migration
(on PostgreSQL an ALTER after the UPDATE in one transaction fails on the pending FK checks).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_ad_authors(apps, schema_editor):
    Ad = apps.get_model("board", "Ad")
    Response = apps.get_model("board", "Response")
    Response.objects.update(
        ad_author=models.Subquery(
            Ad.objects.filter(pk=models.OuterRef("ad_id")).values("author_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0004_merge_0003_list_indexes_0003_sanitized_html"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="ad_author",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ad's author",
            ),
        ),
        migrations.RunPython(copy_ad_authors, migrations.RunPython.noop, elidable=True),
    ]
