"""What the news day puts in front of the site or beside it: Varnish, and nginx serving static
copies of the same pages (the limit a cache in front of the site could reach)."""

import os
import re
import secrets
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
# The address the shipped VCL sends requests to: the one marked line naming it is given the
# bench site's port.
SHIPPED_BACKEND_PORT = "8000"
# What readers' browsers send; every server in the bench is asked so.
GZIP = {"Accept-Encoding": "gzip"}


def wait_http(url, process, tries=150):
    """Wait until `url` answers 200; stop `process` (its session) if it never does."""
    try:
        for _ in range(tries):
            if process.poll() is not None:
                raise SystemExit(f"{process.args[0]} ended (status {process.returncode})")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:  # refused, or an HTTPError while the backend starts
                pass
            time.sleep(0.2)
        raise SystemExit(f"{url} did not answer")
    except BaseException:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        raise


def backend_vcl(vcl, site_port):
    """The VCL's text with its backend moved to 127.0.0.1:`site_port` (as tests/varnish.py
    rewrites the one line naming port 8000)."""
    lines, moved = vcl.read_text().splitlines(keepends=True), 0
    for number, line in enumerate(lines):
        code = line.split("#")[0].split("//")[0]
        if re.search(rf"\b{SHIPPED_BACKEND_PORT}\b", code) and (".port" in code or ":" in code):
            lines[number] = re.sub(rf"\b{SHIPPED_BACKEND_PORT}\b", str(site_port), line, count=1)
            moved += 1
    if moved != 1:
        raise SystemExit(f"{vcl}: expected one backend line naming port 8000, found {moved}")
    return "".join(lines)


def start_varnish(vcl, site_port, port, folder):
    """varnishd in the foreground on 127.0.0.1:`port`, in its own session (stopped by its
    PID), with the flags tests/varnish.py starts it with; its files in `folder`."""
    folder = Path(folder)
    (folder / "newsroom.vcl").write_text(backend_vcl(vcl, site_port))
    (folder / "secret").write_text(secrets.token_hex(32))
    command = [
        "varnishd",
        "-F",  # in the foreground: this Popen is the manager process
        "-n", str(folder / "work"),
        "-j", "none",  # no jail: the varnish users could not read `folder`
        "-a", f"127.0.0.1:{port}",
        "-T", "127.0.0.1:0",  # the admin port, local only
        "-S", str(folder / "secret"),
        "-s", "malloc,256m",
        "-p", f"vcl_path={folder}:{vcl.parent}",
        "-f", str(folder / "newsroom.vcl"),
    ]  # fmt: skip
    log = folder / "varnishd.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_http(f"http://127.0.0.1:{port}/", process)
    except BaseException:
        print(log.read_text(errors="replace")[-3000:])
        raise
    return process


def static_copies(base, pages, folder):
    """Each page of the mix saved from the site as `/N.html` in `folder`/site, with its gzip
    copy `N.html.gz` (as readers ask for it); the mix with those paths, category by category
    (a path listed twice stays listed twice)."""
    site = Path(folder) / "site"
    site.mkdir(parents=True)
    names, mix = {}, {}
    for category, paths in pages.items():
        for path in paths:
            if path not in names:
                names[path] = name = f"{len(names)}.html"
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    (site / name).write_bytes(response.read())
                request = urllib.request.Request(base + path, headers=GZIP)
                with urllib.request.urlopen(request, timeout=30) as response:
                    if response.headers.get("Content-Encoding") == "gzip":
                        (site / f"{name}.gz").write_bytes(response.read())
            mix.setdefault(category, []).append(f"/{names[path]}")
    return mix


def start_nginx(port, folder):
    """nginx serving `folder`/site on 127.0.0.1:`port`, in the foreground in its own session."""
    folder = Path(folder)
    # Its workers run as an unprivileged user, who must read the copies.
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    temp = folder / "nginx-tmp"
    temp.mkdir()
    config = folder / "nginx.conf"
    config.write_text(
        f"""
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  default_type text/html;
  access_log off;
  gzip_static on;
  sendfile on;
  keepalive_timeout 65;
  client_body_temp_path {temp};
  proxy_temp_path {temp};
  fastcgi_temp_path {temp};
  uwsgi_temp_path {temp};
  scgi_temp_path {temp};
  server {{
    listen 127.0.0.1:{port};
    root {folder}/site;
    location / {{ try_files $uri =404; }}
  }}
}}
"""
    )
    process = subprocess.Popen(
        [
            "nginx",
            "-p",
            str(folder),
            "-e",
            str(folder / "nginx-error.log"),
            "-c",
            str(config),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_http(f"http://127.0.0.1:{port}/0.html", process)
    return process
