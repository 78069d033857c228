"""docs/deploy.md's nginx block, run in a real nginx in front of the live server (issue 12.3).

The test takes the server block from docs/deploy.md as written, changes only what a test
machine needs (a free loopback port instead of 443 with TLS, the live server instead of
gunicorn, a temporary media folder), starts Debian's nginx with it and logs in through it
from two loopback source addresses: an attacker who forges X-Forwarded-For, and the real
user. The attacker is locked out (429), the real user gets in, and the access log holds the
real user's address: the proxy-header path, end to end.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

DEPLOY_MD = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ATTACKER, REAL_USER = "127.0.0.2", "127.0.0.3"
PASSWORD = "mat-khau-thu-nghiem"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is missing: make nginx (apt-get install nginx-light)"),
]


def deploy_server_block() -> str:
    """The ```nginx block of docs/deploy.md that proxies to the app."""
    blocks = re.findall(r"```nginx\n(.*?)```", DEPLOY_MD.read_text(encoding="utf-8"), flags=re.S)
    chosen = [b for b in blocks if "proxy_pass" in b and "server {" in b]
    assert len(chosen) == 1, "docs/deploy.md must hold exactly one nginx server block with proxy_pass"
    return chosen[0]


def for_this_machine(block: str, port: int, upstream: str, media: Path) -> str:
    out = []
    for line in block.splitlines():
        stripped = line.strip()
        if stripped.startswith("ssl_"):
            continue  # no certificate on a test machine; the rest is as documented
        if stripped.startswith("listen "):
            line = f"    listen 127.0.0.1:{port};"
        elif stripped.startswith("proxy_pass "):
            line = f"        proxy_pass {upstream};"
        elif stripped.startswith("alias ") and "/media/" in stripped:
            line = f"        alias {media}/;"
        out.append(line)
    return "\n".join(out)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    settings.PROXY_COUNT = 1  # the live server runs in this process: the documented setting for one proxy
    block = deploy_server_block()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in block
    port = free_port()
    media = tmp_path / "media"
    media.mkdir()
    temp = tmp_path / "nginx"
    temp.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {temp}/nginx.pid;\nerror_log {temp}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {temp}/access.log;\n"
        f"    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;\n"
        + for_this_machine(block, port, live_server.url, media)
        + "\n}\n",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(temp)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(temp), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A tiny HTTP client bound to one loopback source address, with a cookie jar."""

    def __init__(self, port, source):
        self.port, self.source, self.cookies = port, source, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15, source_address=(self.source, 0))
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, content

    def login(self, username, password, forged=None):
        self.request("GET", "/quan-tri/login/")
        body = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "next": "/quan-tri/",
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            }
        )
        headers = {"X-Forwarded-For": forged} if forged else {}
        return self.request("POST", "/quan-tri/login/", body=body, headers=headers)[0]


def test_through_the_documented_nginx_the_attacker_is_locked_out_and_the_real_user_gets_in(nginx, django_user_model):
    from axes.models import AccessAttempt
    from django.contrib.auth.models import Group

    from core import roles
    from core.models import DataAccessLog

    user = django_user_model.objects.create_user(username="vanphong", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.OFFICE))

    attacker = Browser(nginx, ATTACKER)
    # The attacker forges the header, naming the real user's address: the edge replaces it.
    statuses = [attacker.login("vanphong", "sai-mat-khau", forged=REAL_USER) for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert attacker.login("vanphong", PASSWORD, forged=REAL_USER) == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}

    real = Browser(nginx, REAL_USER)
    assert real.login("vanphong", PASSWORD) == 302
    status, _ = real.request("GET", "/quan-tri/")
    assert status == 200
    status, _ = real.request("GET", "/quan-tri/members/member/")
    assert status == 200
    assert DataAccessLog.objects.filter(model="members.member").latest("pk").ip_address == REAL_USER


def test_the_documented_nginx_serves_uploads_without_sniffing_and_never_as_a_page(nginx, tmp_path):
    """An uploaded file that is really HTML or SVG is downloaded, never run (was a text check of deploy.md)."""
    media = tmp_path / "media"
    (media / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (media / "trang.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (media / "hinh.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8"
    )
    seen = {}
    for name in ("anh.png", "trang.html", "hinh.svg"):
        conn = http.client.HTTPConnection("127.0.0.1", nginx, timeout=15)
        conn.request("GET", f"/media/{name}")
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status == 200, name
        assert response.getheader("X-Content-Type-Options") == "nosniff", name
        seen[name] = response.getheader("Content-Type")
    assert seen == {
        "anh.png": "image/png",
        "trang.html": "application/octet-stream",
        "hinh.svg": "application/octet-stream",
    }
