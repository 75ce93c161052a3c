"""The embed providers editors may use (`NEWSROOM_EMBED_PROVIDERS`; articles/oembed.py).

Each names the address forms accepted (regular expressions matched in full; the group "id"
is what its player needs), its oEmbed endpoint (asked through the safe fetcher,
articles/fetch.py) and the address of its player ("{id}", "{url}" filled in), which a
reader's browser loads only after a click; the page that has one allows that player's
origin in its CSP's frame-src. "kind" is "video" (a Play button) or "post". Instagram's and
Facebook's endpoints need an access token in the endpoint's query (…?access_token=APP|TOKEN):
a site that has one sets it here, or replaces the setting in its own settings module.
"""

from django_prose_editor.config import html_tags

# The body editor's own extension (admin-desk/embed-node.js) and the markup it writes, for
# django-prose-editor's allowlist (articles/embed_markup.py is the policy that keeps it).
PROSE_EDITOR_EXTENSIONS = [
    {"js": [], "extensions": {"NewsroomEmbed": html_tags(["figure"], {"figure": ["data-embed"]})}}
]

PROVIDERS = {
    "youtube": {
        "name": "YouTube",
        "kind": "video",
        "patterns": [
            r"https?://(?:www\.|m\.)?youtube\.com/watch/?\?(?:\S*&)?v=(?P<id>[\w-]{11})(?:&\S*)?",
            r"https?://(?:www\.|m\.)?youtube\.com/(?:shorts|embed|live)/(?P<id>[\w-]{11})(?:[/?]\S*)?",
            r"https?://youtu\.be/(?P<id>[\w-]{11})(?:[/?]\S*)?",
        ],
        "endpoint": "https://www.youtube.com/oembed",
        "player": "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
    },
    "instagram": {
        "name": "Instagram",
        "kind": "post",
        "patterns": [
            r"https?://(?:www\.)?instagram\.com/(?:[\w.]+/)?(?:p|reel)/(?P<id>[\w-]+)/?(?:\?\S*)?"
        ],
        "endpoint": "https://graph.facebook.com/v16.0/instagram_oembed",
        "player": "https://www.instagram.com/p/{id}/embed/",
    },
    "x": {
        "name": "X",
        "kind": "post",
        "patterns": [
            r"https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/\w{1,15}/status/(?P<id>\d{1,20})/?(?:\?\S*)?"
        ],
        "endpoint": "https://publish.twitter.com/oembed",
        "player": "https://platform.twitter.com/embed/Tweet.html?id={id}",
    },
    "tiktok": {
        "name": "TikTok",
        "kind": "video",
        "patterns": [r"https?://(?:www\.)?tiktok\.com/@[\w.-]+/video/(?P<id>\d{1,20})/?(?:\?\S*)?"],
        "endpoint": "https://www.tiktok.com/oembed",
        "player": "https://www.tiktok.com/embed/v2/{id}",
    },
    "facebook": {
        "name": "Facebook",
        "kind": "video",
        "patterns": [
            r"https?://(?:www\.|m\.)?facebook\.com/[\w.-]+/videos/(?:[\w.-]+/)?(?P<id>\d{1,20})/?(?:\?\S*)?",
            r"https?://(?:www\.)?facebook\.com/watch/?\?v=(?P<id>\d{1,20})(?:&\S*)?",
        ],
        "endpoint": "https://graph.facebook.com/v16.0/oembed_video",
        "player": "https://www.facebook.com/plugins/video.php?href={url}",
    },
    "spotify": {
        "name": "Spotify",
        "kind": "video",
        "patterns": [
            r"https?://open\.spotify\.com/(?:intl-[\w-]+/)?(?P<id>(?:track|album|playlist|episode|show|artist)/\w+)/?(?:\?\S*)?"
        ],
        "endpoint": "https://open.spotify.com/oembed",
        "player": "https://open.spotify.com/embed/{id}",
    },
    "soundcloud": {
        "name": "SoundCloud",
        "kind": "video",
        "patterns": [
            r"https?://(?:www\.|m\.)?soundcloud\.com/(?P<id>[\w-]+/(?:sets/)?[\w-]+)/?(?:\?\S*)?"
        ],
        "endpoint": "https://soundcloud.com/oembed",
        "player": "https://w.soundcloud.com/player/?url={url}&auto_play=true",
    },
}
