#
# The app servers behind Varnish: Django under gunicorn (deploy/systemd/newsroom-web@.service),
# each on its own machine or port. Included by newsroom.vcl, from the same folder
# (/etc/varnish/); one backend per server, added to both directors in vcl_init. After a
# change: `varnishreload` (or `systemctl reload varnish`).
#

backend web1 {
    .host = "10.0.0.11"; .port = "8000";
    .probe = newsroom_health;  # newsroom.vcl: GET /healthz every second
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;  # as gunicorn's own timeout
    .between_bytes_timeout = 10s;
}

backend web2 {
    .host = "10.0.0.12"; .port = "8000";
    .probe = newsroom_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

sub vcl_init {
    app.add_backend(web1);
    retry.add_backend(web1);
    app.add_backend(web2);
    retry.add_backend(web2);
}
