"""HTTP for directives (directives.py), their lists and scoreboard (lists.py) and annual plans
(plans.py). Views stay thin: the access object decides, the selectors read, the services write."""
