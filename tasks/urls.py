from django.urls import path

from .views import directives, lists

app_name = "tasks"

urlpatterns = [
    # --- directives: the page, its actions, "Việc của tôi" (views/directives.py) ---------------------
    path("directives/<int:pk>/", directives.directive_detail, name="directive-detail"),
    # --- lists, search, scoreboard, exports (views/lists.py) ------------------------------------------
    path("directives/", lists.directive_list, name="directive-list"),
    path("directives/export.<str:fmt>", lists.directive_export, name="directive-export"),
    path("committees/<int:committee_pk>/scoreboard/", lists.scoreboard, name="scoreboard"),
    path(
        "committees/<int:committee_pk>/scoreboard/export.<str:fmt>",
        lists.scoreboard_export,
        name="scoreboard-export",
    ),
    # --- annual plans (views/plans.py) ----------------------------------------------------------------
]
