"""nginx in front of separately running services: one origin, as the ingress gives on Kubernetes.

`/api/<service>/…` goes to that service unchanged (services declare their full paths), with
request bodies streamed (uploads) and responses unbuffered (server-sent log streams); an
unknown `/api/…` path answers a problem document; a service that does not answer (restarting,
down) a 503 problem with `Retry-After` naming it; anything else is the web UI when a built one
is given, else a problem document saying the UI is not served here.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path

SEARCH_PATH = ("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin")
NOT_FOUND = (
    '{"type":"about:blank#not-found","title":"Not Found","status":404,'
    '"detail":"No service answers this path; APIs live under /api/<service>/"}'
)
# nginx's own answer when a service does not answer (restarting, down): 502/504 become this.
UNAVAILABLE = (
    '{"type":"about:blank#service-unavailable","title":"Service Unavailable","status":503,'
    '"detail":"The service does not answer; try again in a few seconds.",'
    '"dependency":"$proxy_service"}'
)
RETRY_AFTER_SECONDS = 5


class ProxyError(Exception):
    """nginx is missing, its configuration is refused, or it did not start."""


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    for directory in SEARCH_PATH:
        candidate = Path(directory) / "nginx"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def configuration(
    work_dir: Path, host: str, port: int, upstreams: Mapping[str, str], webui: Path | None
) -> str:
    """The whole nginx.conf; `upstreams` maps a service name to `host:port`."""
    temp = work_dir / "temp"
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    locations = "".join(
        f"""
        location /api/{service}/ {{
            set $proxy_service "{service} service";
            proxy_pass http://{address};
        }}"""
        for service, address in upstreams.items()
    )
    if webui is not None:
        root = f"""
        location / {{
            root {webui};
            try_files $uri $uri/ /index.html;
        }}"""
    else:
        root = f"""
        location / {{
            default_type application/problem+json;
            return 404 '{NOT_FOUND}';
        }}"""
    return f"""{user}worker_processes 1;
error_log {work_dir / "error.log"} warn;
pid {work_dir / "nginx.pid"};
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
    include /etc/nginx/mime.types;
    client_max_body_size 0;
    proxy_http_version 1.1;
    proxy_request_buffering off;
    proxy_buffering off;
    proxy_read_timeout 1h;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header Connection "";
    server {{
        listen {host}:{port};
        # Only nginx's own errors: a service's answers (its 503 problems too) pass unchanged.
        error_page 502 504 = @unavailable;
        location @unavailable {{
            default_type application/problem+json;
            add_header Retry-After {RETRY_AFTER_SECONDS} always;
            return 503 '{UNAVAILABLE}';
        }}
        {locations}
        location /api/ {{
            default_type application/problem+json;
            return 404 '{NOT_FOUND}';
        }}
        {root}
    }}
}}
"""


@dataclass(eq=False)
class ReverseProxy:
    """One nginx process in the foreground (stopped with the platform), files in `work_dir`."""

    work_dir: Path
    port: int
    upstreams: Mapping[str, str]
    _: KW_ONLY
    host: str = "127.0.0.1"
    webui: Path | None = None
    _process: subprocess.Popen[bytes] | None = field(init=False, default=None)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, ready_within: float = 10.0) -> None:
        binary = nginx_binary()
        if binary is None:
            raise ProxyError("nginx is not installed (Debian: apt-get install nginx-light)")
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.work_dir / "temp" / name).mkdir(parents=True, exist_ok=True)
        config = self.work_dir / "nginx.conf"
        config.write_text(
            configuration(self.work_dir, self.host, self.port, self.upstreams, self.webui)
        )
        command = [binary, "-p", str(self.work_dir), "-c", str(config), "-g", "daemon off;"]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)  # noqa: S603
        if checked.returncode != 0:
            raise ProxyError(f"nginx refused its configuration: {checked.stderr.strip()}")
        # Its errors go to error.log (read when it fails); nothing is left in a pipe to fill up.
        self._process = subprocess.Popen(  # noqa: S603
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + ready_within
        while not _accepts(self.host, self.port):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ProxyError(f"nginx did not start: {self._error_log()}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()  # nginx: SIGTERM is a fast shutdown
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def _error_log(self) -> str:
        log = self.work_dir / "error.log"
        return log.read_text()[-2000:] if log.exists() else "(no error log)"


def _accepts(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0
