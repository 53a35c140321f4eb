"""Capture of user output for one execution: `sys.stdout`/`sys.stderr` and file descriptors 1/2."""

from __future__ import annotations

import codecs
import io
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

MAX_LINE = 64 * 1024
DRAIN_SECONDS = 1.0

Emit = Callable[[pb.RunEvent], None]


class LogSink:
    """Turns lines into `LogLine` events (thread-safe if `emit` is); silent once closed."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self._closed = False

    def line(self, stream: str, text: str) -> None:
        if not self._closed:
            stamp = int(time.time() * 1000)
            self._emit(pb.RunEvent(log=pb.LogLine(stream=stream, line=text, timestamp_ms=stamp)))

    def close(self) -> None:
        self._closed = True


class _Lines:
    """Splits a character stream into lines (cut at MAX_LINE); keeps the unfinished tail."""

    def __init__(self) -> None:
        self._tail = ""

    def feed(self, text: str) -> list[str]:
        *lines, self._tail = (self._tail + text).split("\n")
        while len(self._tail) > MAX_LINE:
            lines.append(self._tail[:MAX_LINE])
            self._tail = self._tail[MAX_LINE:]
        return [line.removesuffix("\r") for line in lines]

    def rest(self) -> list[str]:
        tail, self._tail = self._tail, ""
        return [tail] if tail else []


class LineWriter(io.TextIOBase):
    """Replacement for `sys.stdout`/`sys.stderr`: every complete line becomes a `LogLine`."""

    encoding = "utf-8"

    def __init__(self, stream: str, sink: LogSink, fd: int) -> None:
        self._stream, self._sink, self._fd = stream, sink, fd
        self._lines = _Lines()
        self._lock = threading.Lock()  # one writer at a time keeps the order of lines
        self.buffer = _BinaryWriter(self)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        with self._lock:
            for line in self._lines.feed(text):
                self._sink.line(self._stream, line)
        return len(text)

    def finish(self) -> None:
        """Emit an unterminated last line."""
        with self._lock:
            for line in self._lines.rest():
                self._sink.line(self._stream, line)


class _BinaryWriter(io.RawIOBase):
    """`sys.stdout.buffer` for code that writes bytes: decoded as UTF-8 into the text writer."""

    def __init__(self, text: LineWriter) -> None:
        self._text = text
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._text.fileno()

    def write(self, data: ReadableBuffer) -> int:
        chunk = bytes(data)
        self._text.write(self._decoder.decode(chunk))
        return len(chunk)


class _FdPump:
    """Points a file descriptor at a pipe; a thread turns what arrives into lines until EOF."""

    def __init__(self, fd: int, stream: str, sink: LogSink) -> None:
        self._fd, self._stream, self._sink = fd, stream, sink
        self._saved: int | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        try:
            self._saved = os.dup(self._fd)
        except OSError:  # descriptor closed: nothing to capture
            return
        read_end, write_end = os.pipe()
        os.dup2(write_end, self._fd)  # inheritable: subprocesses write into the pipe too
        os.close(write_end)
        self._thread = threading.Thread(target=self._pump, args=(read_end,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._saved is None or self._thread is None:
            return
        os.dup2(self._saved, self._fd)
        os.close(self._saved)
        # A background child may keep the pipe open: stop waiting after a moment.
        self._thread.join(DRAIN_SECONDS)

    def _pump(self, read_end: int) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        lines = _Lines()
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                for line in lines.feed(decoder.decode(chunk)):
                    self._sink.line(self._stream, line)
        for line in lines.feed(decoder.decode(b"", final=True)) + lines.rest():
            self._sink.line(self._stream, line)


@contextmanager
def captured_output(sink: LogSink) -> Iterator[None]:
    """Route stdout/stderr of this process (and of its children) to `sink` for the duration."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    pumps = [_FdPump(1, "stdout", sink), _FdPump(2, "stderr", sink)]
    writers = LineWriter("stdout", sink, 1), LineWriter("stderr", sink, 2)
    saved = sys.stdout, sys.stderr
    for pump in pumps:
        pump.start()
    sys.stdout, sys.stderr = writers
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        for writer in writers:
            writer.finish()
        for pump in pumps:
            pump.stop()
