"""gunicorn settings for Newsroom, read from the environment (see README, "Production").

Rendering a page is CPU work under Python's GIL, so processes, not threads, add throughput:
one worker per core plus one keeps every core busy while another waits on PostgreSQL or
Redis. One thread per worker: a second one overlapped little of the few waits left (most
pages are kept per content version) and cost CPU in switching between the two, up to 12%
more per uncached page in `bench/serve/run.py`. Raise GUNICORN_THREADS where pages wait
longer on a distant database (gunicorn then runs its gthread worker).

The sync worker answers one request per connection and takes a new one only when it is
free, so the busiest worker never holds a queue while another idles. With keep-alive
(gthread), a worker kept every connection it had accepted: under 16 connections one worker
held 11 of them, and p99 was 2 to 4 times higher (home 105-157 ms against 52-53, an article
91-101 against 37-47). Run it behind a proxy that buffers requests and keeps the clients'
connections (nginx, a load balancer, a CDN), as one terminates TLS anyway.

Workers are recycled after many requests so a slow leak can never take a server down; after
100,000, not fewer: a new worker spends about a second of CPU starting and begins with empty
copies, and at 5,000 the workers of a busy site restarted every few seconds (cached pages
cost 20 to 30% more CPU and their p99 was 2 to 4 times higher).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = 10000
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The usual combined format, then the request id the app's own log lines carry.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
)
errorlog = "-"
# Behind a proxy that sets X-Forwarded-Proto; only trusted when DJANGO_HTTPS is on.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
