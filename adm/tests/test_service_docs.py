"""Every setting of every service is documented in that service's README settings table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flowloom.adm.services import SERVICES, ServiceSpec

ROOT = Path(__file__).resolve().parents[2]


def documented_names(readme: Path) -> set[str]:
    """The backticked UPPER_CASE names in the README's table rows."""
    rows = [line for line in readme.read_text().splitlines() if line.startswith("|")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row)}


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_setting_is_in_the_service_readme(service: ServiceSpec) -> None:
    settings = service.settings_class()
    documented = documented_names(ROOT / service.name / "README.md")
    missing = sorted(
        name.upper() for name in settings.model_fields if name.upper() not in documented
    )
    assert missing == [], f"{service.name}/README.md does not document {missing}"
