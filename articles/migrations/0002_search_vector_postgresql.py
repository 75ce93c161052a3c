"""Keep `Article.search_vector` current on PostgreSQL, whatever path writes the row.

A trigger (rather than code in `save()`) also covers bulk imports and `update()` calls.
Title weighs most, then lead, then body; the Indonesian configuration stems
`menyerang`/`serangan` to the same word. SQLite has no such column use and skips this.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.indonesian', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.indonesian', coalesce(NEW.lead, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.indonesian', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_search_vector_update
BEFORE INSERT OR UPDATE OF title, lead, body ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();

CREATE INDEX articles_article_search_gin ON articles_article USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS articles_article_search_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector_update ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
