"""/healthz: whether this app server can serve, for Varnish's probe or a load balancer's.

200 while it reaches its database (connected, and the connection answers: the driver's own
`SELECT 1` on PostgreSQL), 503 otherwise; never from a cache (the page cache skips it, and
it says no-store), no session, no template.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    try:
        connection.ensure_connection()
        usable = connection.is_usable()
    except DatabaseError:
        usable = False
    if not usable:
        return HttpResponse(
            _("The database cannot be reached.") + "\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
