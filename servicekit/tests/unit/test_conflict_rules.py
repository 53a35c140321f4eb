"""Conflict rules read the constraint names and first columns off the declared tables."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, String, Table, UniqueConstraint

from flowloom.servicekit.database.conflicts import primary_key_rule, unique_rule
from flowloom.servicekit.database.tables import service_metadata

members = Table(
    "members",
    service_metadata(),
    Column("project_id", String(64), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    Column("nickname", String(64), nullable=False),
    UniqueConstraint("project_id", "nickname"),
)


def test_names_the_primary_key_and_its_first_column_when_asked():
    assert primary_key_rule(members, "already a member") == (
        "pk_members",
        "members.project_id",
        "already a member",
    )


def test_names_the_unique_constraint_of_the_columns_when_asked():
    assert unique_rule(members, "project_id", "nickname", message="nickname taken") == (
        "uq_members_project_id_nickname",
        "members.project_id",
        "nickname taken",
    )


def test_refuses_columns_no_unique_constraint_covers():
    with pytest.raises(ValueError, match="members has no unique constraint on nickname"):
        unique_rule(members, "nickname", message="nickname taken")
