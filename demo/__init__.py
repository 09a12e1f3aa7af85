"""The demo committee for `make run`: data tables replayed through the services.

Only the `seed_demo` command uses this app; no other app imports it (it sits last in the
dependency order members → documents → meetings → tasks → reports → demo).
"""
