#
# Varnish in front of Newsroom (Varnish 7.1 and varnish-modules 0.20, as in Debian bookworm).
#
# What it does (deploy/varnish/README.md has the longer story):
#   - keeps anonymous readers' GET and HEAD pages, for as long as Django's s-maxage says;
#   - never keeps the desk (/admin/), previews (/pratinjau/), the language pages (/i18n/,
#     /bahasa/), nor anything asked with a session cookie;
#   - keeps only responses that say `public` or carry `s-maxage`, never one with Set-Cookie;
#   - forgets pages by their keys at once when Django sends `PURGE /` with `xkey-purge: ...`;
#   - spreads requests over the app servers (deploy/varnish/backends.vcl), asks another when
#     one fails to answer, and serves the pages it has for up to a day while all are down
#     (a health probe on each tells).
#
# Every response says X-Cache: HIT (from the cache), MISS (fetched and kept) or PASS
# (fetched for this request only).

vcl 4.1;

import std;
import cookie;
import xkey;
import directors;

# Django's health, as each app server's probe asks it (deploy/varnish/backends.vcl): an app
# server is "sick" after 3 of its last 5 probes failed (about 3 seconds), and healthy again
# after 3 good ones. /healthz answers 200 while the server reaches its database (one
# `SELECT 1`), never from a cache.
probe newsroom_health {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: localhost"  # must be in DJANGO_ALLOWED_HOSTS (the default has it)
        "X-Forwarded-Proto: https"  # so that DJANGO_HTTPS=1 answers, not redirects
        "User-Agent: Varnish health probe"
        "Connection: close";
    .expected_response = 200;
    .interval = 1s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    .initial = 3;  # healthy from the start, not after the first 3 probes
}

# The app servers, in turn (round robin) among the healthy ones; a request one of them failed
# to answer (stopped, crashed, restarting before its probe noticed) is sent again to another,
# chosen by `retry` (a shard director: each retry a different server, see vcl_backend_fetch).
sub vcl_init {
    new app = directors.round_robin();
    new retry = directors.shard();
}

# Every app server: one backend, added to both directors. One file per site, beside this one.
include "backends.vcl";

sub vcl_init {
    retry.reconfigure();
}

# Who may purge: the app servers. Add a line per address or network, e.g. "10.0.0.0"/24;
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    unset req.http.X-Purged;  # ours: the count a purge answers with
    if (req.method == "PURGE") {
        call newsroom_purge;
    }

    # Stale pages for a day only while every app server is down; while one answers, a few seconds
    # (a reader gets the page at once, and the next one the new copy).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 5s;
    }

    # Links shared on social media carry tracking parameters that change nothing on the page;
    # without them the page is the one already kept (and Django caches it too).
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|mc_cid|mc_eid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk, previews and the language switch are per person: always fresh from Django,
    # with every cookie the browser sent.
    if (req.url ~ "^/(admin|pratinjau|i18n|bahasa)/") {
        return (pass);
    }
    # Someone logged in (an editor, a writer) sees pages as themselves.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;)\s*sessionid=") {
        return (pass);
    }
    # Someone who just wrote (a login, a save, a form: Django's newsroom_wrote cookie, for a
    # few seconds) sees pages fresh from the primary database, not a copy older than the write.
    if (req.http.Cookie ~ "(^|;)\s*newsroom_wrote=") {
        return (pass);
    }

    # Every other cookie (analytics, csrftoken left by the language form) is dropped, except
    # the reader's chosen language, which pages vary on. Only the site's LANGUAGES are kept,
    # so that made-up values cannot fill the cache with copies.
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        if (cookie.get("django_language") ~ "^(id|en)$") {
            set req.http.Cookie = "django_language=" + cookie.get("django_language");
        } else {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

# PURGE / with `xkey-purge: key1 key2` forgets every page whose response carried any of the
# keys (hard: a page taken down answers 410 at once, never a stale copy). PURGE of an
# address without the header forgets that one page (every language). Answers 200 with the
# count in `X-Purged` and the body; 403 to anyone else.
sub newsroom_purge {
    # A request that came through another proxy on this machine (TLS in front) would come
    # from 127.0.0.1 too: refuse it (Varnish adds client.ip to X-Forwarded-For itself, so a
    # direct request has exactly one address there).
    if (client.ip !~ purgers || req.http.X-Forwarded-For ~ "," || req.http.Forwarded
        || req.http.X-Forwarded-Proto) {
        return (synth(403, "Forbidden"));
    }
    if (req.http.xkey-purge) {
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }
    return (purge);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.Host) {
        hash_data(req.http.Host);
    } else {
        hash_data(server.ip);
    }
    # http and https copies apart (under DJANGO_HTTPS, plain http answers a redirect).
    hash_data(req.http.X-Forwarded-Proto);
    # Not the language: its copies are variants of one object (Vary: Cookie, below), so
    # that a PURGE of the address removes them all.
    return (lookup);
}

sub vcl_purge {
    # The address's copies in every language are gone.
    return (synth(200, "Purged"));
}

sub vcl_backend_response {
    # A failed refresh in the background keeps the stale copy being served.
    if (bereq.is_bgfetch && beresp.status >= 500) {
        return (abandon);
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what Django marks for shared caches is kept: `public` or `s-maxage`. Responses
    # without Cache-Control are not kept for Varnish's default 2 minutes; nor is anything
    # setting a cookie or marked private.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|[ ,])(public|s-maxage=)"
        || beresp.http.Cache-Control ~ "(^|[ ,])(private|no-store|no-cache)"
        || beresp.http.Vary == "*") {
        # Remembered as "fetch each time" for a minute, so that readers asking for the same
        # address at once are not queued one behind the other.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        set beresp.grace = 0s;
        return (deliver);
    }
    # The TTL is Django's s-maxage (else max-age). Kept a day past it, for when Django is down.
    set beresp.grace = 24h;
    # One copy per chosen language: the request's Cookie is by now only django_language (or
    # none), so varying on it is varying on the language, even where Django forgot to say so.
    if (beresp.http.Vary !~ "(?i)(^|,)\s*cookie\s*(,|$)") {
        if (beresp.http.Vary) {
            set beresp.http.Vary = beresp.http.Vary + ", Cookie";
        } else {
            set beresp.http.Vary = "Cookie";
        }
    }
    # Text Django left uncompressed (responses under 200 bytes) is kept compressed; Varnish
    # uncompresses it for the rare client that cannot take gzip.
    if (!beresp.http.Content-Encoding
        && beresp.http.Content-Type ~ "^(text/|application/(javascript|json|xml|rss\+xml|atom\+xml))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_backend_fetch {
    # A retry goes to another app server than the one that failed: the shard director's
    # next alternative for the address each time, so the retries below try three servers.
    if (bereq.retries > 0) {
        set bereq.backend = retry.backend(by=URL, alt=bereq.retries - 1);
    }
}

sub vcl_backend_error {
    # An app server that did not answer (refused, reset, timed out): a reader's GET is asked
    # of the others, never a POST, which may have done its work. Nothing was sent to the
    # reader yet, so they see only the answer that came.
    if (bereq.retries < 3 && bereq.method ~ "^(GET|HEAD)$") {
        return (retry);
    }
    # As above: Django unreachable during a background refresh keeps the stale copy.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    # The keys are for Varnish only.
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.X-Purged = req.http.X-Purged;
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        if (req.http.X-Purged) {
            synthetic("purged " + req.http.X-Purged + {"
"});
        } else {
            synthetic({"purged
"});
        }
        return (deliver);
    }
}
