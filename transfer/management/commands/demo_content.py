"""Fill an empty database with a believable Indonesian newsroom, generated here.

Everything is made from word lists (`transfer/demo_data.py`) with a fixed seed, so every run
yields the same newsroom; articles carry the import key ("demo", number), so a second run adds
nothing. A topic on the home page and two editor's picks come with it, and a live report and
a few embeds (`transfer/demo_live.py`).
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import figures
from articles.html import paragraphs_from_text, split_blocks
from articles.models import (
    Article,
    Author,
    EditorsPick,
    FrontPage,
    GalleryItem,
    RelatedLink,
    Section,
    Source,
    StaticPage,
    Tag,
    Topic,
)
from articles.models.workflow import EDITORS, WRITERS
from transfer import demo_live, demo_pictures
from transfer.demo_data import (
    ACTIONS,
    ACTORS,
    AUTHORS,
    PLACES,
    QUOTES,
    SECTIONS,
    SOURCES,
    STATIC_PAGES,
    TITLES,
    TOPICS,
    WEEKDAYS,
)

DEMO_SOURCE = "demo"
EDITOR_USERNAME = "redaktur"
EDITOR_PASSWORD = "redaksi-demo-2026"  # noqa: S105 -- printed for the demo site on purpose


class Command(BaseCommand):
    help = _("Fill the database with a generated demo newsroom (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=300, help=_("How many articles to generate.")
        )

    def handle(self, *args, articles, **options):
        random_source = random.Random(2026)  # noqa: S311 -- reproducible demo text, not security
        with transaction.atomic():
            sections = [self.section(name, text, i) for i, (name, text) in enumerate(SECTIONS)]
            tags = [self.named(Tag, topic) for topic in TOPICS]
            sources = [self.source(*values) for values in SOURCES]
            authors = [self.author(name, initials) for name, initials in AUTHORS]
            self.pictures = demo_pictures.pool()
            created = self.articles(random_source, articles, sections, tags, sources, authors)
            for position, (title, body) in enumerate(STATIC_PAGES):
                StaticPage.objects.get_or_create(
                    slug=slugify(title),
                    defaults={
                        "title": title,
                        "body": body,
                        "position": position,
                        "is_published": True,
                    },
                )
            self.front_page_and_topic(tags[0])
            demo_live.make(sections[0])
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo content ready: %(created)d new articles, %(total)d in all.")
                % {"created": created, "total": Article.objects.count()}
            )
        )
        self.ensure_editor()

    def front_page_and_topic(self, tag):
        """A topic on the home page (the articles of one tag) and two editor's picks, once."""
        published = Article.objects.published()
        topic, created = Topic.objects.get_or_create(
            slug=f"liputan-{tag.slug}",
            defaults={
                "title": f"Liputan Khusus: {tag.name}",
                "introduction": f"Semua berita tentang {tag.name}, dari awal hingga kini.",
                "on_home_page": True,
            },
        )
        if created:
            topic.articles.add(*published.filter(tags=tag).latest_first()[:12])
        front_page = FrontPage.load()
        if not front_page.picks.exists():
            for position, article in enumerate(published.latest_first()[5:7], start=1):
                EditorsPick.objects.create(
                    front_page=front_page, article=article, position=position
                )

    def section(self, name, description, position):
        section, _created = Section.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "description": description, "position": position},
        )
        return section

    def named(self, model, name):
        obj, _created = model.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        return obj

    def source(self, name, kind, url):
        source, _created = Source.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": kind, "url": url}
        )
        return source

    def author(self, name, initials):
        author, _created = Author.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "initials": initials,
                "bio": f"{name} adalah jurnalis {random.Random(name).choice(PLACES)}.",  # noqa: S311
            },
        )
        return author

    def articles(self, rnd, count, sections, tags, sources, authors):
        existing = set(
            Article.objects.filter(import_source=DEMO_SOURCE).values_list("import_id", flat=True)
        )
        now = timezone.now().replace(second=0, microsecond=0)
        made, created = [], 0
        for number in range(1, count + 1):
            key = f"demo-{number:04d}"
            article_data = self.article_data(rnd, number, now, sections, sources)
            chosen_tags = rnd.sample(tags, rnd.randint(2, 5))
            chosen_authors = rnd.sample(authors, rnd.choice([1, 1, 1, 2]))
            credited = rnd.sample(sources[4:], rnd.choice([0, 0, 1, 2]))
            if key in existing:
                made.append(None)
                continue
            article_data |= self.illustrated(number, article_data)
            article = Article.objects.create(
                import_source=DEMO_SOURCE, import_id=key, **article_data
            )
            if number % 10 == 1:
                self.gallery(number, article)
            article.tags.set(chosen_tags)
            article.set_byline(chosen_authors)
            article.credited_sources.set(credited)
            self.related_links(rnd, article, made)
            made.append(article)
            created += 1
        return created

    def article_data(self, rnd, number, now, sections, sources):
        place, topic = rnd.choice(PLACES), rnd.choice(TOPICS)
        actor = rnd.choice(ACTORS)
        action = rnd.choice(ACTIONS).format(topic=topic)
        title = rnd.choice(TITLES).format(
            actor=actor, place=place, action=action, topic=topic, topic_title=topic.title()
        )
        published_at = now - timedelta(hours=number * 7, minutes=rnd.randint(0, 59))
        weekday = WEEKDAYS[published_at.weekday()]
        date_text = f"{published_at.day}/{published_at.month}/{published_at.year}"
        paragraphs = [
            f"{actor} {action} pada {weekday} ({date_text}). Hal itu disampaikan di hadapan "
            f"wartawan di {place}.",
            f"Menurut mereka, persoalan {topic} sudah lama dirasakan warga dan membutuhkan "
            "penanganan yang menyeluruh dari hulu ke hilir.",
            rnd.choice(QUOTES),
            f"Sejumlah tokoh masyarakat di {place} juga menilai bahwa {topic} harus menjadi "
            "prioritas dalam rencana kerja tahun depan.",
            f"Data yang dihimpun redaksi menunjukkan perhatian publik terhadap {topic} "
            f"meningkat sekitar {rnd.randint(10, 60)} persen dibandingkan tahun lalu.",
            rnd.choice(QUOTES),
            f"Hingga berita ini diturunkan, pihak terkait masih menyiapkan langkah lanjutan. "
            f"({rnd.choice(AUTHORS)[1]})",
        ]
        section = rnd.choice(sections)
        data = {
            "kind": Article.Kind.OPINION if section.slug == "opini" else Article.Kind.NEWS,
            "title": title[:250],
            "lead": paragraphs[0],
            "body": paragraphs_from_text("\n\n".join(paragraphs)),
            "dateline": f"{place.upper()} (WARTANUSANTARA.ID)",
            "section": section,
            "source": sources[0] if rnd.random() < 0.8 else rnd.choice(sources[1:4]),
            "status": Article.Status.PUBLISHED,
            "published_at": published_at,
        }
        # A few drafts, review copies and scheduled articles, so the desk has work to do.
        if number % 50 == 7:
            data |= {"status": Article.Status.DRAFT, "published_at": None}
        elif number % 50 == 19:
            data |= {"status": Article.Status.REVIEW, "published_at": None}
        elif number % 75 == 3:
            data["published_at"] = now + timedelta(days=number % 5 + 1)
        data["slug"] = slugify(f"{data['title']} {number}")[:255]
        return data

    def illustrated(self, number, data):
        """Most articles' featured picture and, in some, one in the body, from the pool: a
        chart for the economy, a face for opinion, a scene for the rest (a seed of their
        own, so the words of the demo stay as they were)."""
        rnd = random.Random(number)  # noqa: S311 -- reproducible demo, not security
        kind = {"ekonomi": "chart", "opini": "portrait"}.get(data["section"].slug, "scene")
        if number % 5 == 4:
            return {}
        featured = rnd.choice(self.pictures[kind])
        changes = {"featured_image": featured}
        if number % 3 == 0:
            others = [p for p in self.pictures["scene"] + self.pictures["chart"] if p != featured]
            shown = rnd.choice(others)
            figure = figures.markup(
                figures.Figure(shown.pk, shown.alt_text, shown.caption, shown.credit),
                shown.fallback_url,
            )
            blocks = split_blocks(data["body"])
            changes["body"] = "".join([*blocks[:2], figure, *blocks[2:]])
        return changes

    def gallery(self, number, article):
        """A gallery of six pictures of the pool for one article in ten."""
        rnd = random.Random(-number)  # noqa: S311 -- reproducible demo, not security
        chosen = rnd.sample([p for kind in self.pictures.values() for p in kind], 6)
        GalleryItem.objects.bulk_create(
            GalleryItem(article=article, image=image, position=position)
            for position, image in enumerate(chosen, start=1)
        )

    def related_links(self, rnd, article, earlier):
        candidates = [a for a in earlier[-40:] if a is not None]
        if not candidates:
            return
        paragraph_count = 7
        for order, target in enumerate(
            rnd.sample(candidates, min(len(candidates), rnd.randint(1, 2)))
        ):
            RelatedLink.objects.create(
                article=article,
                target=target,
                position=rnd.randint(2, paragraph_count - 1),
                order=order,
            )
        if rnd.random() < 0.1:
            # An empty slot, as an import leaves it: editors fill it, readers never see it.
            RelatedLink.objects.create(article=article, position=3, order=9)

    def ensure_editor(self):
        """The demo's two logins: an editor and a writer, each in their role's group."""
        call_command("setup_roles", stdout=self.stdout)
        writer_username, writer_password = "penulis", "penulis-demo-2026"  # noqa: S105
        User = get_user_model()
        accounts = [
            (EDITOR_USERNAME, EDITOR_PASSWORD, EDITORS, "Redaktur"),
            (writer_username, writer_password, WRITERS, "Penulis"),
        ]
        for username, password, role, first_name in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first_name, "last_name": "Demo"}
            )
            if created:
                user.set_password(password)
            user.is_staff, user.is_superuser = True, False
            user.save()
            user.groups.set(Group.objects.filter(name=role))
        # The writer is one of the demo's authors, so they find articles of their own.
        writer = User.objects.get(username=writer_username)
        if not Author.objects.filter(user=writer).exists():
            Author.objects.filter(slug=slugify(AUTHORS[1][0]), user=None).update(user=writer)
        self.stdout.write(
            _("Demo editor login: %(username)s / %(password)s")
            % {"username": EDITOR_USERNAME, "password": EDITOR_PASSWORD}
        )
        self.stdout.write(
            _("Demo writer login: %(username)s / %(password)s")
            % {"username": writer_username, "password": writer_password}
        )
