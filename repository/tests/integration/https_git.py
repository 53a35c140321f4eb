"""A git repository served on loopback by a handler of the test's (plain HTTP), or over HTTPS with
basic auth (self-signed certificate)."""

from __future__ import annotations

import base64
import datetime
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .git_repos import git

# A name no resolver knows, in the certificate too: git reaches it only when pinned to 127.0.0.1.
PINNED_NAME = "pinned.flowloom.invalid"


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName(PINNED_NAME)]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the files of its directory without logging; `answer_empty` answers with no body."""

    def answer_empty(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def basic_auth(username: str, password: str) -> type[SimpleHTTPRequestHandler]:
    """A handler that serves only requests with these basic-auth credentials, else 401."""
    expected = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()

    class BasicAuthHandler(QuietHandler):
        def do_GET(self) -> None:
            if self.headers.get("Authorization") != expected:
                self.answer_empty(401, {"WWW-Authenticate": 'Basic realm="git"'})
                return
            super().do_GET()

    return BasicAuthHandler


@contextmanager
def served_repository(
    origin: Path,
    workdir: Path,
    handler: type[SimpleHTTPRequestHandler],
    tls: ssl.SSLContext | None = None,
) -> Iterator[str]:
    """Serve a bare clone of origin as `/repo.git` with `handler` (over TLS with `tls`); yields
    the server's URL (`http://127.0.0.1:<port>`, `https` with TLS)."""
    served = workdir / "served"
    served.mkdir(parents=True)
    git(served, "clone", "--quiet", "--bare", str(origin), str(served / "repo.git"))
    git(served / "repo.git", "update-server-info")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(served)))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def https_repository(
    origin: Path, workdir: Path, username: str, password: str
) -> Iterator[tuple[str, Path]]:
    """Serve a bare clone of origin; yields its URL and the certificate to trust."""
    workdir.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed(workdir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with served_repository(origin, workdir, basic_auth(username, password), context) as url:
        yield f"{url}/repo.git", cert
