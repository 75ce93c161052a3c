"""An S3-compatible server for the tests: moto's, in this process, on 127.0.0.1 only.

`s3_server` starts it once for the session and stops it at the end; `s3` gives a test a
bucket of its own and makes it the media storage (STORAGES["default"], as NEWSROOM_S3_*
variables would), so that `default_storage` and every ImageField write there.
"""

import json
import logging
import uuid
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from newsroom import media

KEYS = {"NEWSROOM_S3_ACCESS_KEY_ID": "testing", "NEWSROOM_S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="session")
def s3_server():
    """The address of a running S3-compatible server (http://127.0.0.1:PORT)."""
    # Its request log (werkzeug's, one line a request) would fill every failure's report.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@dataclass
class Bucket:
    name: str
    client: object  # boto3's S3 client, to look at the bucket as an operator would
    public_url: str  # where readers fetch its files
    environ: dict  # the NEWSROOM_S3_* variables that name it

    def names(self):
        """Every object name in the bucket."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}


def s3_environ(s3_server, bucket, **extra):
    return {
        "NEWSROOM_S3_BUCKET": bucket,
        "NEWSROOM_S3_ENDPOINT_URL": s3_server,
        "NEWSROOM_S3_REGION": "us-east-1",
        "NEWSROOM_S3_PUBLIC_DOMAIN": f"{s3_server}/{bucket}",
        **KEYS,
        **extra,
    }


def public_read(bucket):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


@pytest.fixture
def s3(s3_server, settings):
    """A new bucket, the media storage for this test."""
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    environ = s3_environ(s3_server, name)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 -- moto's
    )
    client.create_bucket(Bucket=name)
    # As in production: anyone may read the objects (README, "Production"), nobody else write.
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read(name)))
    # pytest-django's settings send setting_changed: django.core.files.storage.storages and
    # default_storage start again from the new STORAGES.
    settings.STORAGES = {**settings.STORAGES, "default": media.s3_storage(environ)}
    return Bucket(name, client, f"{s3_server}/{name}", environ)
