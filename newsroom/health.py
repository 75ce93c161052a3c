"""/healthz: whether this app server can serve, for Varnish's probe or a load balancer's.

200 while it reaches its database (one `SELECT 1` on a kept connection), 503 otherwise; never
from a cache (the page cache skips it, and it says no-store), no session, no template.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            _("The database cannot be reached.") + "\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
