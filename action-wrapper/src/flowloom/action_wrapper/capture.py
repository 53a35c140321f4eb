"""Capture of user output for one execution: `sys.stdout`/`sys.stderr` and file descriptors 1/2."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import select
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
    """Points a file descriptor at a pipe; what arrives goes, line by line, to the current sink.

    The pipe stays for the pump's life (a pipe and a thread per execution cost a thread start
    and join on every step). A thread waits for data and routes it under a lock; `switch`
    takes the lock, routes what is still in the pipe itself and then changes the sink, so the
    output written before an execution ended is that execution's, whatever the thread was
    doing. Between executions (no sink) the output goes to the original descriptor.
    """

    def __init__(self, fd: int, stream: str) -> None:
        self._fd, self._stream = fd, stream
        self._sink: LogSink | None = None
        self._lock = threading.Lock()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._lines = _Lines()
        self._saved: int | None = None
        self._read_end: int | None = None

    def start(self) -> None:
        try:
            self._saved = os.dup(self._fd)
        except OSError:  # descriptor closed: nothing to capture
            return
        read_end, write_end = os.pipe()
        os.set_blocking(read_end, False)
        os.dup2(write_end, self._fd)  # inheritable: subprocesses write into the pipe too
        os.close(write_end)
        self._read_end = read_end
        threading.Thread(target=self._pump, name=f"flowloom-{self._stream}", daemon=True).start()

    def switch(self, sink: LogSink | None) -> None:
        """Route what is in the pipe now to the current sink, then send output to `sink`.

        A background child that keeps writing is not waited for beyond DRAIN_SECONDS.
        """
        with self._lock:
            if self._read_end is not None:
                deadline = time.monotonic() + DRAIN_SECONDS
                while self._route_available() and time.monotonic() < deadline:
                    pass  # a read's worth at a time until the pipe is empty
            if self._sink is not None:
                self._flush_tail()
            self._sink = sink

    def stop(self) -> None:
        """Point the descriptor back at what it was; the thread ends at end of file."""
        if self._saved is None:
            return
        self.switch(None)
        with self._lock:
            os.dup2(self._saved, self._fd)  # the pipe's last write end: the thread reads EOF
            os.close(self._saved)
            self._saved = None

    def _pump(self) -> None:
        assert self._read_end is not None
        poller = select.poll()
        poller.register(self._read_end, select.POLLIN)
        while True:
            poller.poll()
            with self._lock:
                if self._route_available() is None:  # end of file: every writer is gone
                    self._flush_tail()
                    break
        os.close(self._read_end)

    def _route_available(self) -> bool | None:
        """Route one read's worth of the pipe: False if it was empty, None at end of file."""
        assert self._read_end is not None
        try:
            chunk = os.read(self._read_end, 65536)
        except BlockingIOError:
            return False
        if not chunk:
            return None
        if self._sink is None and self._saved is not None:
            _write_all(self._saved, chunk)  # between executions: the wrapper's own output
            return True
        for line in self._lines.feed(self._decoder.decode(chunk)):
            self._line(line)
        return True

    def _flush_tail(self) -> None:
        for line in self._lines.feed(self._decoder.decode(b"", final=True)) + self._lines.rest():
            self._line(line)

    def _line(self, line: str) -> None:
        if self._sink is not None:
            self._sink.line(self._stream, line)


def _write_all(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError):  # nobody reads it any more: dropped
        while data:
            data = data[os.write(fd, data) :]


class OutputCapture:
    """Routes stdout/stderr of the process (and of its children) to one sink at a time.

    Descriptors 1 and 2 point into pipes from the first `captured` on until `close`.
    """

    def __init__(self) -> None:
        self._pumps: list[_FdPump] = []

    @contextmanager
    def captured(self, sink: LogSink) -> Iterator[None]:
        """Route this process's output to `sink` for the duration."""
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        if not self._pumps:
            self._pumps = [_FdPump(1, "stdout"), _FdPump(2, "stderr")]
            for pump in self._pumps:
                pump.start()
        writers = LineWriter("stdout", sink, 1), LineWriter("stderr", sink, 2)
        saved = sys.stdout, sys.stderr
        for pump in self._pumps:
            pump.switch(sink)
        sys.stdout, sys.stderr = writers
        try:
            yield
        finally:
            sys.stdout, sys.stderr = saved
            for writer in writers:
                writer.finish()
            for pump in self._pumps:
                pump.switch(None)

    def close(self) -> None:
        for pump in self._pumps:
            pump.stop()
        self._pumps = []


@contextmanager
def captured_output(sink: LogSink) -> Iterator[None]:
    """Route stdout/stderr of this process (and of its children) to `sink`, once."""
    capture = OutputCapture()
    try:
        with capture.captured(sink):
            yield
    finally:
        capture.close()
