"""Where media files (uploads, renditions, imported pictures) live, read from the environment.

The local folder (DJANGO_MEDIA_ROOT) by default; an S3-compatible object store (AWS S3,
MinIO, Cloudflare R2, Google Cloud Storage's S3 interface) through django-storages when
NEWSROOM_S3_BUCKET is set. Settings call these; nothing else of ours does.
"""

from urllib.parse import urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
# A signed address is good this long (SigV4's limit, 7 days): pages naming pictures are kept
# a day by the cache in front, and a day more while the site is down.
SIGNED_URL_SECONDS = 7 * 24 * 3600


def _flag(value):
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def s3_storage(environ):
    """STORAGES["default"] for the NEWSROOM_S3_* variables in `environ`; None without a bucket."""
    bucket = environ.get("NEWSROOM_S3_BUCKET", "").strip()
    if not bucket:
        return None
    endpoint = environ.get("NEWSROOM_S3_ENDPOINT_URL", "").strip() or None
    # Where readers fetch the files (a CDN, or the bucket's public address): a host, or a
    # host and path; https unless a scheme is given (http://127.0.0.1:9000/newsroom, a
    # MinIO on a developer's machine).
    public = environ.get("NEWSROOM_S3_PUBLIC_DOMAIN", "").strip().rstrip("/")
    protocol = "https:"
    if "://" in public:
        parts = urlsplit(public)
        protocol, public = f"{parts.scheme}:", parts.netloc + parts.path.rstrip("/")
    signed = _flag(environ.get("NEWSROOM_S3_SIGNED_URLS"))
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": environ.get("NEWSROOM_S3_REGION", "").strip() or None,
            # None: boto3's own chain (its environment variables, the machine's role).
            "access_key": environ.get("NEWSROOM_S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("NEWSROOM_S3_SECRET_ACCESS_KEY") or None,
            # Other servers than AWS (MinIO above all) are addressed by path:
            # endpoint/bucket/name, not bucket.endpoint/name, which needs DNS for each bucket.
            "addressing_style": environ.get("NEWSROOM_S3_ADDRESSING_STYLE", "").strip()
            or ("path" if endpoint else None),
            "signature_version": "s3v4",
            "custom_domain": public or None,
            "url_protocol": protocol,
            "location": environ.get("NEWSROOM_S3_PREFIX", "").strip().strip("/"),
            # Public addresses by default: pages are cached, and a signed address expires.
            # Signed ones only for a private bucket without a public domain.
            "querystring_auth": signed,
            "querystring_expire": SIGNED_URL_SECONDS,
            # Names are generated (a random part each), so a name taken is never overwritten.
            "file_overwrite": False,
            # The bucket's policy says who may read; objects carry no ACL of their own.
            "default_acl": None,
            # A stored name never changes content: browsers and CDNs may keep it for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }


def public_origins(storage):
    """The origins browsers fetch media from with this STORAGES["default"] (for img-src)."""
    if storage["BACKEND"] != S3_BACKEND:
        return []
    options = storage["OPTIONS"]
    if options["custom_domain"]:
        return [f"{options['url_protocol']}//{options['custom_domain'].split('/')[0]}"]
    bucket, style = options["bucket_name"], options["addressing_style"]
    if options["endpoint_url"]:
        endpoint = urlsplit(options["endpoint_url"])
        host = endpoint.netloc if style == "path" else f"{bucket}.{endpoint.netloc}"
        return [f"{endpoint.scheme}://{host}"]
    # AWS itself: the bucket's own host, global or regional, as boto3 writes it.
    region = options["region_name"]
    hosts = ["s3.amazonaws.com"] + ([f"s3.{region}.amazonaws.com"] if region else [])
    if style == "path":
        return [f"https://{host}" for host in hosts]
    return [f"https://{bucket}.{host}" for host in hosts]
