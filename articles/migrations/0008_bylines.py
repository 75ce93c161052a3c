"""Bylines in the order the editor sets: the article–author relation gets a position.

The relation's table (`articles_article_authors`) stays as it is, with its rows and ids: it
becomes the `Byline` model's table (a change of the state alone), then gains `position`.
Existing rows are numbered in the order readers saw until now, the authors' names as the
database sorts them (ties by the author's id), so no page changes on the day this runs.
"""

import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

BATCH_SIZE = 1000


def number_existing_bylines(apps, schema_editor):
    Byline = apps.get_model("articles", "Byline")
    places = Byline.objects.annotate(
        place=Window(
            RowNumber(),
            partition_by=F("article_id"),
            order_by=(F("author__name").asc(), F("author_id").asc()),
        )
    ).values_list("pk", "place")
    batch = []
    for pk, place in places.iterator(chunk_size=BATCH_SIZE):
        batch.append(Byline(pk=pk, position=place))
        if len(batch) == BATCH_SIZE:
            Byline.objects.bulk_update(batch, ["position"])
            batch = []
    Byline.objects.bulk_update(batch, ["position"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_search_rank_vector")]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table, its unique pair and its foreign keys are Django's own for the
            # relation already: only the state learns their model.
            state_operations=[
                migrations.CreateModel(
                    name="Byline",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bylines",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bylines",
                                to="articles.author",
                                verbose_name="author",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "byline",
                        "verbose_name_plural": "bylines",
                        "db_table": "articles_article_authors",
                        "ordering": [
                            django.db.models.expressions.OrderBy(
                                django.db.models.expressions.F("position"), nulls_last=True
                            ),
                            "pk",
                        ],
                        "unique_together": {("article", "author")},
                    },
                ),
                migrations.AlterField(
                    model_name="article",
                    name="authors",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="articles",
                        through="articles.Byline",
                        to="articles.author",
                        verbose_name="authors",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="byline",
            name="position",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="position"),
        ),
        migrations.RunPython(number_existing_bylines, migrations.RunPython.noop, elidable=True),
    ]
