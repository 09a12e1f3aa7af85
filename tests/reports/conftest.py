from tests.tasks.conftest import task_cast  # noqa: F401  (the tasks cast, for these tests too)
