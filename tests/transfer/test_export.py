"""JSON Lines out, and back in: the round trip loses nothing."""

import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Author, RelatedLink, Section, Source, Tag
from tests.helpers import make_article, make_author, make_section, make_source, make_tag
from transfer.exporters import articles_to_export, write_jsonl
from transfer.importers import WIB, read
from transfer.importers.save import import_records


def newsroom():
    """A small newsroom with every kind of thing an export must carry."""
    nasional = make_section(
        name="Nasional", slug="nasional", description="Berita negeri", position=2
    )
    opini = make_section(name="Opini", slug="kolom-opini", position=5)
    banjir, pangan = (
        make_tag(name="Banjir", slug="banjir"),
        make_tag(name="Harga Pangan", slug="pangan"),
    )
    origin = make_source(name="Warta Nusantara", slug="warta", url="https://warta.example.id/")
    wire = make_source(name="Antara", slug="antara", kind=Source.Kind.AGENCY)
    mus = make_author(name="Mustofa", slug="mustofa", initials="mus", bio="Redaktur.")
    ams = make_author(name="Amsari", slug="amsari", initials="ams")
    when = datetime(2020, 10, 3, 8, 15, tzinfo=WIB)
    first = make_article(
        title="Banjir Surut, Warga Kembali",
        slug="banjir-surut",
        body="<p>Satu.</p><p>Dua.</p><p>Tiga.</p>",
        dateline="JAKARTA (WARTA)",
        section=nasional,
        source=origin,
        published_at=when,
        tags=[banjir],
        authors=[mus, ams],
    )
    first.credited_sources.set([wire])
    second = make_article(
        title="Harga Beras Turun",
        slug="harga-beras-turun",
        section=opini,
        published_at=when + timedelta(hours=1),
        tags=[banjir, pangan],
        authors=[mus],
        import_source="Warta Contoh",
        import_id="101",
        kind=Article.Kind.SPONSORED,
        unverified=True,
        taken_down_at=when + timedelta(days=2),
        takedown_reason="Perintah pengadilan.",
    )
    draft = make_article(
        title="Draf Tanpa Waktu", slug="draf", status=Article.Status.DRAFT, published_at=None
    )
    RelatedLink.objects.create(article=first, target=second, position=2, order=0)
    RelatedLink.objects.create(article=second, target=first, position=None, order=1, title="Baca")
    RelatedLink.objects.create(article=first, url="https://luar.example.org/", position=1, order=3)
    RelatedLink.objects.create(article=draft, title="Slot kosong", position=1, order=0)
    return first, second, draft


def snapshot():
    """Everything the round trip promises to keep, by natural keys, field by field."""
    articles = {
        a.slug: (
            a.title,
            a.lead,
            a.body,
            a.dateline,
            a.status,
            a.published_at,
            a.language,
            a.kind,
            a.unverified,
            a.embargo_until,
            a.taken_down_at,
            a.takedown_reason,
            a.section
            and (a.section.name, a.section.slug, a.section.description, a.section.position),
            a.source and (a.source.name, a.source.slug, a.source.url, a.source.kind),
            sorted(a.tags.values_list("name", "slug")),
            sorted(a.authors.values_list("name", "slug", "initials", "bio")),
            sorted(a.credited_sources.values_list("name", "slug", "url", "kind")),
            sorted(
                (link.position, link.order, link.target and link.target.slug, link.url, link.title)
                for link in a.related_links.all()
            ),
        )
        for a in Article.objects.all()
    }
    return articles


def empty_database():
    RelatedLink.objects.all().delete()
    Article.objects.all().delete()
    for model in (Section, Tag, Source, Author):
        model.objects.all().delete()


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_gives_back_the_same_content(tmp_path):
    newsroom()
    before = snapshot()
    path = tmp_path / "arsip.jsonl"
    call_command("export_articles", output=path, stdout=io.StringIO())
    empty_database()

    report = import_records(read([str(path)]))

    assert (report.imported, report.failed) == (3, 0)
    assert snapshot() == before
    assert not Article.objects.published().filter(slug="harga-beras-turun").exists()  # taken down


@pytest.mark.django_db
def test_import_key_survives_the_round_trip(tmp_path):
    newsroom()
    path = tmp_path / "arsip.jsonl"
    call_command("export_articles", output=path, stdout=io.StringIO())
    empty_database()
    import_records(read([str(path)]))

    article = Article.objects.get(slug="harga-beras-turun")
    assert (article.import_source, article.import_id) == ("Warta Contoh", "101")
    assert import_records(read([str(path)])).unchanged == 3


@pytest.mark.django_db
def test_documented_keys_come_first_with_zero_based_positions():
    first, second, _draft = newsroom()
    out = io.StringIO()

    write_jsonl(articles_to_export(), out)

    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert list(records[0])[:10] == [
        "title",
        "slug",
        "lead",
        "body",
        "published_at",
        "section",
        "tags",
        "source",
        "author",
        "related",
    ]
    assert records[0]["slug"] == "banjir-surut"  # oldest first, drafts last
    assert records[-1]["slug"] == "draf"
    assert records[0]["published_at"] == "2020-10-03T08:15:00+07:00"
    assert records[0]["related"][0] == {
        "title": "Harga Beras Turun",
        "slug": "harga-beras-turun",
        "position": 1,
        "order": 0,
    }
    assert len(records[0]["authors"]) == 2
    assert "authors" not in records[1]


@pytest.mark.django_db
def test_filters_narrow_the_export():
    newsroom()
    make_article(published_at=timezone.now() - timedelta(days=400))

    def slugs(**filters):
        return set(articles_to_export(**filters).values_list("slug", flat=True))

    assert slugs(status="draft") == {"draf"}
    assert slugs(section="kolom-opini") == {"harga-beras-turun"}
    assert slugs(tag="pangan") == {"harga-beras-turun"}
    assert slugs(source="antara") == {"banjir-surut"}
    assert slugs(since=datetime(2020, 10, 3).date(), until=datetime(2020, 10, 3).date()) == {
        "banjir-surut",
        "harga-beras-turun",
    }


@pytest.mark.django_db
def test_export_to_standard_output_keeps_the_summary_apart():
    newsroom()
    out, err = io.StringIO(), io.StringIO()

    call_command("export_articles", "--status", "published", stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["status"] == "published" for line in lines)
    assert "2" in err.getvalue()


@pytest.mark.django_db
def test_export_reads_in_chunks_with_a_fixed_number_of_queries(django_assert_max_num_queries):
    newsroom()
    for _number in range(30):
        make_article(tags=[make_tag()], authors=[make_author()])

    with django_assert_max_num_queries(8):
        count = write_jsonl(articles_to_export(), io.StringIO())

    assert count == 33


@pytest.mark.django_db
def test_authors_are_exported_in_byline_order_the_first_as_author():
    ani, budi, citra = (make_author(name=name) for name in ("Ani", "Budi", "Citra"))
    make_article(slug="bertiga").set_byline([citra, ani, budi])
    make_article(slug="berdua").set_byline([budi, ani])
    out = io.StringIO()

    write_jsonl(articles_to_export(), out)

    records = {r["slug"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert records["bertiga"]["author"]["name"] == "Citra"
    assert [a["name"] for a in records["bertiga"]["authors"]] == ["Citra", "Ani", "Budi"]
    assert [a["name"] for a in records["berdua"]["authors"]] == ["Budi", "Ani"]
