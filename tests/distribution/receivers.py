"""A webhook receiver on 127.0.0.1 for the tests: it keeps every request it is sent (headers
and raw body) and answers from a script: a status, or "stall" (no answer for `stall`
seconds), one per request, the last one repeated."""

import hashlib
import hmac
import threading
import time
from http.server import BaseHTTPRequestHandler

from tests.servers import LocalHTTPServer


class Receiver:
    def __init__(self, *answers, stall=2.0):
        self.answers = list(answers) or [200]
        self.stall = stall
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"] or 0))
                with receiver.lock:
                    receiver.requests.append((dict(self.headers), body))
                    number = len(receiver.requests)
                answer = receiver.answers[min(number, len(receiver.answers)) - 1]
                if answer == "stall":
                    time.sleep(receiver.stall)
                    answer = 200
                self.send_response(answer)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = LocalHTTPServer(Handler)
        self.url = f"{self.server.origin}/hooks/newsroom"

    def close(self):
        self.server.stop()


def verify(secret, headers, body, *, now=None, tolerance=300):
    """What a receiver does (README, "Webhooks"): True when the request is signed with
    `secret` and recent."""
    timestamp = headers["X-Newsroom-Timestamp"]
    if abs((now or time.time()) - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(headers["X-Newsroom-Signature"], "sha256=" + expected.hexdigest())
