"""The host's object cache: hits and misses, LRU eviction, writers and readers side by side."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from flowloom.action_wrapper.cache import ObjectCache, object_key

GET = "http://s3:8333/bucket/runs/e1/out?X-Amz-Signature=get"
PUT = "http://s3:8333/bucket/runs/e1/out?X-Amz-Signature=put&X-Amz-Expires=600"


def payload(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def cached_files(cache: ObjectCache) -> list[str]:
    return sorted(p.name for p in cache.directory.iterdir())


def age(cache: ObjectCache, url: str, seconds: int) -> None:
    path = cache.directory / object_key(url)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def test_hits_with_a_copy_when_the_get_url_names_the_object_put_before(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path / "cache", 1000)
    cache.put(PUT, payload(tmp_path, "out.bin", b"content"))

    into = tmp_path / "staged.bin"
    assert cache.fetch(GET, 7, into)
    assert into.read_bytes() == b"content"
    into.write_bytes(b"modified by the handler")
    assert cache.fetch(GET, 0, tmp_path / "again.bin")  # size 0: unknown, any size will do
    assert (tmp_path / "again.bin").read_bytes() == b"content"


def test_misses_when_the_object_was_never_put(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path / "cache", 1000)
    cache.put(PUT, payload(tmp_path, "out.bin", b"content"))

    into = tmp_path / "staged.bin"
    assert not cache.fetch("http://s3:8333/bucket/runs/e2/out?X-Amz-Signature=x", 0, into)
    assert not into.exists()


def test_misses_when_the_size_differs_from_the_expected_one(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path / "cache", 1000)
    cache.put(PUT, payload(tmp_path, "out.bin", b"content"))

    assert not cache.fetch(GET, 8, tmp_path / "staged.bin")
    assert not (tmp_path / "staged.bin").exists()


def test_evicts_the_least_recently_used_when_the_total_exceeds_the_bound(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path / "cache", 250)
    urls = [f"http://s3/bucket/{name}?sig" for name in "abc"]
    for index, url in enumerate(urls):
        cache.put(url, payload(tmp_path, f"{index}.bin", bytes(100)))
        age(cache, url, 100 - index * 10)  # a oldest, then b, then c
    # a, b and c exceed 250 bytes: a (oldest) went when c came in
    assert cached_files(cache) == sorted(object_key(url) for url in urls[1:])

    assert cache.fetch(urls[1], 100, tmp_path / "b.bin")  # b is now the most recent
    cache.put("http://s3/bucket/d?sig", payload(tmp_path, "d.bin", bytes(100)))
    assert cached_files(cache) == sorted(object_key(u) for u in (urls[1], "http://s3/bucket/d"))
    total = sum(p.stat().st_size for p in cache.directory.iterdir())
    assert total <= 250


def test_keeps_nothing_larger_than_the_bound_and_forgets_an_older_copy(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path / "cache", 10)
    cache.put(PUT, payload(tmp_path, "small.bin", bytes(5)))  # a first attempt's upload
    cache.put(PUT, payload(tmp_path, "big.bin", bytes(11)))  # the retry's, to the same key
    assert cached_files(cache) == []


def test_forgets_an_older_copy_when_the_new_one_cannot_be_kept(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path / "cache", 1000)
    cache.put(PUT, payload(tmp_path, "first.bin", b"first attempt"))
    cache.put(PUT, tmp_path / "vanished.bin")  # the copy fails
    assert not cache.fetch(GET, 0, tmp_path / "staged.bin")
    assert cached_files(cache) == []


def test_misses_without_error_when_the_file_vanishes(tmp_path: Path) -> None:
    cache = ObjectCache(tmp_path / "cache", 1000)
    cache.put(PUT, payload(tmp_path, "out.bin", b"content"))
    (cache.directory / object_key(GET)).unlink()  # evicted by another wrapper

    assert not cache.fetch(GET, 7, tmp_path / "staged.bin")
    assert not (tmp_path / "staged.bin").exists()


def test_a_reader_sees_whole_files_only_while_a_writer_is_copying(tmp_path: Path) -> None:
    content = os.urandom(8 * 1024 * 1024)
    source = payload(tmp_path, "big.bin", content)
    writer_cache = ObjectCache(tmp_path / "cache", 1 << 30)
    reader_cache = ObjectCache(tmp_path / "cache", 1 << 30)  # another process, same directory
    done = threading.Event()
    seen: list[int] = []

    def write() -> None:
        for _ in range(5):
            writer_cache.put(PUT, source)
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    while not done.is_set():
        into = tmp_path / "read.bin"
        if reader_cache.fetch(GET, 0, into):  # size unknown: a partial file would be a hit
            seen.append(len(into.read_bytes()))
            into.unlink()
        for name in os.listdir(reader_cache.directory):
            assert name == object_key(GET) or name.startswith(".tmp-")
    writer.join()
    assert all(size == len(content) for size in seen)
    assert cached_files(writer_cache) == [object_key(GET)]  # no temp file left


@pytest.mark.parametrize("url", [GET, PUT])
def test_keys_an_object_by_scheme_host_and_path(url: str) -> None:
    assert object_key(url) == object_key("http://s3:8333/bucket/runs/e1/out")
