"""The studio database: tables, repositories, unit of work, migrations."""
