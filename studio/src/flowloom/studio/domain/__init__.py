"""The studio's domain: actions, workflows, validation and frozen versions (standard library only).

Entry points: ``workflow.Workflow`` (editing), ``validation.validate``, ``freeze.freeze``,
``version_change.change_action_version``; the ports in ``ports`` and ``repositories``.
"""
