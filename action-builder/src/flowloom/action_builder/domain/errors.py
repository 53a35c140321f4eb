"""Why a build step fails: a sentence a user understands (details go to the build log)."""


class BuildStepFailed(Exception):
    """A step of the build failed for a reason that belongs to the action (or its inputs)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PythonUnavailable(BuildStepFailed):
    def __init__(self, requested: str, available: list[str]) -> None:
        choices = ", ".join(available) or "none"
        super().__init__(
            f"Python {requested} is not available to the venv builder (available: {choices})"
        )
        self.requested = requested
        self.available = available
