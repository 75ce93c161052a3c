"""varnishd with the shipped deploy/varnish/newsroom.vcl in front of app servers on
127.0.0.1, for the cluster bench (tests/varnish.py does the same for the tests)."""

import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
BACKENDS = ROOT / "deploy" / "varnish" / "backends.vcl"
BACKEND_BLOCK = re.compile(r"^backend (\w+) \{\n.*?^\}\n", re.MULTILINE | re.DOTALL)
ADDRESS = re.compile(r'\.host = "[^"]*"; \.port = "[^"]*";')


def backends_for(ports):
    """The shipped backends.vcl's first backend, once per port (web1, web2...)."""
    example = BACKEND_BLOCK.search(BACKENDS.read_text())
    blocks, adds = [], []
    for number, port in enumerate(ports, start=1):
        block = ADDRESS.sub(f'.host = "127.0.0.1"; .port = "{port}";', example.group(0))
        blocks.append(block.replace(f"backend {example.group(1)} ", f"backend web{number} ", 1))
        adds.append(f"    app.add_backend(web{number});\n    retry.add_backend(web{number});\n")
    return "\n".join(blocks) + "\nsub vcl_init {\n" + "".join(adds) + "}\n"


class Varnish:
    def __init__(self, ports, folder, port):
        program = shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin:/usr/bin")
        if not program:
            raise SystemExit("varnishd is not installed (apt-get install varnish varnish-modules)")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "newsroom.vcl").write_text(VCL.read_text())
        (folder / "backends.vcl").write_text(backends_for(ports))
        (folder / "secret").write_text(secrets.token_hex(32))
        self.work = folder / "work"
        self.url = f"http://127.0.0.1:{port}"
        with (folder / "varnishd.log").open("wb") as log:
            self.process = subprocess.Popen(
                [
                    program, "-F", "-n", str(self.work), "-j", "none",
                    "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
                    "-S", str(folder / "secret"), "-s", "malloc,256m",
                    "-p", f"vcl_path={folder}", "-f", str(folder / "newsroom.vcl"),
                ],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        for _ in range(300):
            if "running" in self.admin("status"):
                return
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"varnishd did not start: {folder / 'varnishd.log'}")

    def admin(self, *command):
        result = subprocess.run(
            ["varnishadm", "-n", str(self.work), *command],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout if result.returncode == 0 else ""

    def health(self, name):
        found = re.search(rf"\.{name}\s.*?\b(healthy|sick)\b", self.admin("backend.list"))
        return found and found.group(1)

    def counter(self, name):
        """A varnishstat counter, e.g. MAIN.backend_req (requests sent to app servers)."""
        output = subprocess.run(
            ["varnishstat", "-n", str(self.work), "-1", "-f", name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return int(output[1]) if len(output) > 1 else 0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
