"""schema.org `LiveBlogPosting` for a live report: the article's `NewsArticle` facts, the
coverage's start and end, and its newest updates as `liveBlogUpdate` entries."""

from articles import html

# Google reads the newest updates; the page shows them all.
DESCRIBED_UPDATES = 50


def live_blog(request, url, data, report, updates, iso_datetime):
    """`data` (a NewsArticle's) made a LiveBlogPosting of `report` with its `updates`."""
    newest = sorted(updates, key=lambda update: update.created_at, reverse=True)
    data = {
        **data,
        "@type": "LiveBlogPosting",
        "coverageStartTime": iso_datetime(report.started_at),
    }
    if report.closed_at:
        data["coverageEndTime"] = iso_datetime(report.closed_at)
    if newest:
        data["dateModified"] = max(data["dateModified"], iso_datetime(newest[0].created_at))
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": update.title or html.strip_tags(update.body)[:110] or data["headline"],
            "url": f"{url}#{update.anchor}",
            "datePublished": iso_datetime(update.created_at),
            "articleBody": html.strip_tags(update.body),
        }
        for update in newest[:DESCRIBED_UPDATES]
    ]
    return data
