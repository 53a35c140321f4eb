"""Masking secret values in log lines, messages and outputs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from flowloom.runner.domain.invocation import Cancelled, Failed, LogLine, Succeeded, TimedOut
from flowloom.runner.domain.masking import (
    WRAPPER_LINE_CUT,
    LogMasker,
    SecretMask,
    masked_texts,
)
from flowloom.runner.domain.values import IoType, IoValue

T0 = datetime(2025, 1, 1, tzinfo=UTC)
SECRET = "pw-heldout"


def line(text: str, stream: str = "stdout", second: int = 0) -> LogLine:
    return LogLine(stream, text, T0 + timedelta(seconds=second))


def texts(lines: list[LogLine]) -> list[str]:
    return [item.line for item in lines]


def fed(masker: LogMasker, *lines: LogLine) -> list[LogLine]:
    """Every line handed on, the end of the stream included."""
    out = [kept for item in lines for kept in masker.feed(item)]
    return out + masker.flush()


def cut_line(ending: str) -> str:
    """A line the wrapper cut at its limit, ending with ``ending``."""
    return "x" * (WRAPPER_LINE_CUT - len(ending)) + ending


def test_masks_every_value_when_user_code_prints_its_inputs() -> None:
    mask = SecretMask([SECRET, "api-token-1"])
    printed = str({"test_password": SECRET, "token": "api-token-1", "text": "hello"})
    out = fed(LogMasker(mask), line(printed), line(f"token={SECRET}"))
    assert texts(out) == [
        "{'test_password': '***', 'token': '***', 'text': 'hello'}",
        "token=***",
    ]


def test_masks_the_value_as_repr_and_json_write_it_when_it_has_special_characters() -> None:
    value = 'it\'s "quoted" \\ and ünïcode'
    mask = SecretMask([value])
    assert mask.text(repr({"k": value})) == "{'k': '***'}"
    assert mask.text(json.dumps({"k": value})) == '{"k": "***"}'
    assert mask.text(json.dumps({"k": value}, ensure_ascii=False)) == '{"k": "***"}'


def test_masks_a_value_split_across_two_events_when_the_wrapper_cut_its_line() -> None:
    masker = LogMasker(SecretMask([SECRET]))
    first = cut_line("start pw-he")
    assert masker.feed(line(first, second=1)) == []  # it may go on in the next event
    out = masker.feed(line("ldout and more", second=2))
    assert texts(out) == [first.removesuffix("pw-he") + "***", "*** and more"]
    assert [item.timestamp for item in out] == [
        T0 + timedelta(seconds=1),
        T0 + timedelta(seconds=2),
    ]
    assert masker.flush() == []


def test_masks_a_multi_line_value_when_it_spans_several_events() -> None:
    key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nab\n-----END KEY-----"
    masker = LogMasker(SecretMask([key]))
    printed = f"the key is {key} (do not share)".split("\n")
    out = fed(masker, *(line(text) for text in printed))
    assert texts(out) == ["the key is ***", "***", "***", "*** (do not share)"]


def test_masks_each_line_of_a_multi_line_value_when_printed_alone() -> None:
    key = "first line of it\nsecond line of it"
    out = fed(LogMasker(SecretMask([key])), line("> second line of it <"))
    assert texts(out) == ["> *** <"]


def test_masks_the_rest_of_a_value_in_a_line_still_held_when_the_line_before_is_released() -> None:
    masker = LogMasker(SecretMask(["abcdefgh"]))
    middle = "efgh" + "x" * (WRAPPER_LINE_CUT - 7) + "abc"  # ends a value, starts another
    assert masker.feed(line(cut_line("abcd"))) == []
    assert texts(masker.feed(line(middle))) == ["x" * (WRAPPER_LINE_CUT - 4) + "***"]
    assert texts(fed(masker, line("defgh!"))) == [
        "***" + "x" * (WRAPPER_LINE_CUT - 7) + "***",
        "***!",
    ]


def test_hands_a_held_line_on_unchanged_when_the_next_one_shows_no_value() -> None:
    masker = LogMasker(SecretMask([SECRET]))
    first = cut_line("start pw-h")
    assert masker.feed(line(first)) == []
    assert texts(masker.feed(line("appy days"))) == [first, "appy days"]


def test_keeps_other_streams_flowing_when_a_line_of_one_is_held() -> None:
    masker = LogMasker(SecretMask([SECRET]))
    held = cut_line("pw-")
    assert masker.feed(line(held, "stdout")) == []
    assert texts(masker.feed(line("to stderr", "stderr"))) == ["to stderr"]
    assert texts(masker.feed(line("heldout!", "stdout"))) == [
        held.removesuffix("pw-") + "***",
        "***!",
    ]


def test_gives_back_held_lines_at_the_end_of_the_stream_in_their_order() -> None:
    masker = LogMasker(SecretMask([SECRET]))
    out = fed(masker, line(cut_line("pw-he"), "stdout"), line(cut_line("pw"), "stderr"))
    assert [(item.stream, item.line[-5:]) for item in out] == [
        ("stdout", "pw-he"),
        ("stderr", "xxxpw"),
    ]


def test_masks_a_value_at_the_very_end_of_the_stream() -> None:
    masker = LogMasker(SecretMask([SECRET]))
    assert texts(fed(masker, line(f"last words: {SECRET}"))) == ["last words: ***"]
    split = LogMasker(SecretMask([SECRET]))
    out = fed(split, line(cut_line("pw-held")), line("out"))
    assert texts(out)[1] == "***"
    assert texts(out)[0].endswith("x***")


def test_masks_both_when_values_overlap() -> None:
    mask = SecretMask(["abcd-1", "d-1234"])
    assert mask.text("<abcd-1234>") == "<***>"
    assert mask.text("<abcd-1> <d-1234>") == "<***> <***>"


def test_masks_the_longer_value_whole_when_it_contains_a_shorter_one() -> None:
    mask = SecretMask(["secret", "my-secret-long"])
    assert mask.text("a my-secret-long b secret c") == "a *** b *** c"


def test_masks_multibyte_values_when_split_inside_multibyte_text() -> None:
    value = "pässwörd-ß🎉"
    mask = SecretMask([value])
    assert mask.text(f"ünïcode {value} 🎉") == "ünïcode *** 🎉"
    assert mask.text(json.dumps({"p": value})) == '{"p": "***"}'
    out = fed(LogMasker(mask), line(cut_line("ü pässw")), line("örd-ß🎉 ü"))
    assert texts(out)[0].endswith("ü ***")
    assert texts(out)[1] == "*** ü"


def test_ignores_values_too_short_to_mask_sensibly() -> None:
    assert not SecretMask(["ab", "  x ", ""])
    assert SecretMask(["abc"]).text("abc abd") == "*** abd"


def test_leaves_lines_untouched_when_nothing_is_masked() -> None:
    masker = LogMasker(SecretMask([SECRET]))
    original = line("nothing to see")
    assert masker.feed(original)[0] is original
    assert SecretMask([]).text("pw-heldout") == "pw-heldout"


def test_masks_messages_and_tracebacks_when_an_execution_fails_or_is_cancelled() -> None:
    mask = SecretMask([SECRET])
    failed = mask.outcome(Failed(f"ValueError: {SECRET}", f"Traceback\n  x = '{SECRET}'\nError"))
    assert failed == Failed("ValueError: ***", "Traceback\n  x = '***'\nError")
    assert mask.outcome(Cancelled(401, f"bad key {SECRET}")) == Cancelled(401, "bad key ***")
    assert mask.outcome(TimedOut(3.0)) == TimedOut(3.0)


def test_marks_text_outputs_masked_when_they_hold_a_value() -> None:
    outcome = SecretMask([SECRET]).outcome(
        Succeeded({"said": f"with {SECRET}", "other": "plain", "n": 3})
    )
    assert outcome == Succeeded(
        {"said": f"with {SECRET}", "other": "plain", "n": 3}, masked=frozenset({"said"})
    )


def test_takes_the_values_of_passwords_and_secrets_only() -> None:
    values = [
        IoValue(IoType.PASSWORD, "typed password"),
        IoValue(IoType.STRING, "from a secret", secret=True),
        IoValue(IoType.BYTES, b"secret bytes", secret=True),
        IoValue(IoType.BYTES, b"\xff\xfe", secret=True),
        IoValue(IoType.PASSWORD, None),
        IoValue(IoType.STRING, "plain text"),
    ]
    assert masked_texts(values) == ["typed password", "from a secret", "secret bytes"]
