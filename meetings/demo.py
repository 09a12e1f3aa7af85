"""Demo meetings for seed_demo (being implemented)."""


def seed_meetings(stdout=None) -> int:
    return 0
