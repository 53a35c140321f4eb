"""database adapters of the runner: tables, repositories, unit of work, logs, migrations."""
