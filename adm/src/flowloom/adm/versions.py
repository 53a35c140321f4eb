"""Code versions against data versions: refuse a downgrade, bring every database to head."""

from __future__ import annotations

import json
from dataclasses import dataclass

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from flowloom.adm import databases
from flowloom.adm.errors import AdmError
from flowloom.adm.services import SERVICES, ServiceSpec, spec, version_tuple
from flowloom.adm.target import Target

VERSIONS_FILE = "versions.json"


@dataclass(frozen=True, slots=True)
class Migrated:
    service: str
    before: str | None
    after: str | None


def known_revision(service: ServiceSpec, revision: str | None) -> bool:
    """Whether this code ships `revision` (None, never migrated, is always known)."""
    if revision is None:
        return True
    scripts = ScriptDirectory.from_config(service.migrations().alembic_config())
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def refuse_downgrade(service: str, version: str | None, revision: str | None) -> None:
    """Data written by newer code (a newer version, or a revision this code does not know)
    cannot be served by this code: say so and stop."""
    try:
        known = spec(service)
    except StopIteration:
        raise AdmError(f"the data has a service {service!r} this code does not know") from None
    installed = known.version()
    if version is not None and version_tuple(version) > version_tuple(installed):
        raise AdmError(
            f"{service} data is from version {version}, newer than the installed {installed}: "
            "downgrades are refused (install the newer code)"
        )
    if known.has_database and not known_revision(known, revision):
        raise AdmError(
            f"{service} database is at revision {revision}, unknown to the installed code "
            f"{installed}: downgrades are refused (install the newer code)"
        )


async def database_revisions(target: Target) -> dict[str, str | None]:
    found = {}
    for service in target.databases:
        assert service.database_url is not None
        found[service.name] = (await databases.state(service.database_url)).revision
    return found


async def migrate_all(target: Target) -> list[Migrated]:
    """Every service database to its newest revision, checked for a downgrade first."""
    if target.data_dir is not None:
        from flowloom.adm.embedded import ensure_key_files

        ensure_key_files(target.data_dir)  # an older installation may lack a newer key
    for service in target.databases:
        assert service.database_url is not None
        await databases.ensure(service.database_url)
    before = await database_revisions(target)
    for name, revision in before.items():
        refuse_downgrade(name, None, revision)
    done = []
    for service in target.databases:
        assert service.database_url is not None
        attributes = service.spec.migration_attributes(service.settings)
        try:
            await service.spec.migrations().upgrade(service.database_url, attributes=attributes)
        except Exception as error:  # any driver or script error: reported as one line
            raise AdmError(f"{service.name} migration failed: {error}") from error
        after = (await databases.state(service.database_url)).revision
        done.append(Migrated(service.name, before[service.name], after))
    return done


def recorded_versions(target: Target) -> dict[str, str]:
    """The code versions that last migrated the embedded installation (`<data>/versions.json`);
    distributed installations carry their version in the database revisions only."""
    if target.data_dir is None:
        return {}
    path = target.data_dir / VERSIONS_FILE
    if not path.exists():
        return {}
    try:
        found = json.loads(path.read_text())
        return {str(name): str(version) for name, version in found.items()}
    except (ValueError, AttributeError):
        raise AdmError(f"{path} is malformed: fix or remove it") from None


def record_versions(target: Target) -> None:
    if target.data_dir is None:
        return
    versions = {service.name: service.version() for service in SERVICES}
    (target.data_dir / VERSIONS_FILE).write_text(json.dumps(versions, indent=2) + "\n")
