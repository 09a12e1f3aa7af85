"""The tasks cast (meetings, directives, plans of committee A and B) for the reports tests."""

from tests.tasks.conftest import _private_media, task_cast  # noqa: F401 (fixtures)
