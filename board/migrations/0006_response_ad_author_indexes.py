"""`Response.ad_author` NOT NULL (filled by the previous migration) and its indexes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0005_response_ad_author"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="ad_author",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ad's author",
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                fields=["ad_author", "-created", "-id"], name="board_resp_ad_author_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                fields=["ad_author", "status", "-created", "-id"],
                name="board_resp_ad_auth_st_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                fields=["ad_author", "ad", "status"], name="board_resp_ad_auth_ad_idx"
            ),
        ),
    ]
