import pytest

from flowloom.servicekit.objectstore import s3_location, s3_reference


def test_reads_the_bucket_and_the_whole_key() -> None:
    assert s3_location("s3://builds/p1/a1/env.tar.zst") == ("builds", "p1/a1/env.tar.zst")


def test_a_reference_reads_back_as_its_bucket_and_key() -> None:
    assert s3_location(s3_reference("static", "p1/files/a b.txt")) == ("static", "p1/files/a b.txt")


@pytest.mark.parametrize(
    "reference",
    ["s3://bucket", "s3://bucket/", "s3:///key", "http://bucket/key", "bucket/key", ""],
)
def test_refuses_what_lacks_a_bucket_or_a_key(reference: str) -> None:
    with pytest.raises(ValueError, match="s3://bucket/key"):
        s3_location(reference)
