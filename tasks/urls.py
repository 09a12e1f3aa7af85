from django.urls import path

from .views import directives

app_name = "tasks"

urlpatterns = [
    # --- directives: the page, its actions, "Việc của tôi" (views/directives.py) ---------------------
    path("directives/<int:pk>/", directives.directive_detail, name="directive-detail"),
    # --- lists, search, scoreboard, exports (views/lists.py) ------------------------------------------
    # --- annual plans (views/plans.py) ----------------------------------------------------------------
]
