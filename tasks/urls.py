from django.urls import path

from .views import directives, lists, plans

app_name = "tasks"

urlpatterns = [
    # --- directives: the page, its actions, "Việc của tôi" (views/directives.py) ---------------------
    path("directives/<int:pk>/", directives.directive_detail, name="directive-detail"),
    path("directives/<int:pk>/progress/", directives.progress_post, name="directive-progress"),
    path("directives/<int:pk>/contribution/", directives.contribution_add, name="directive-contribution"),
    path("directives/<int:pk>/report-done/", directives.report_done, name="directive-report-done"),
    path("directives/<int:pk>/extension/", directives.extension_request, name="directive-extension"),
    path("extensions/<int:pk>/decide/", directives.extension_decide, name="extension-decide"),
    path(
        "directives/<int:pk>/propose-acceptance/",
        directives.acceptance_propose,
        name="directive-propose-acceptance",
    ),
    path("directives/<int:pk>/accept/", directives.directive_accept, name="directive-accept"),
    path("directives/<int:pk>/return/", directives.directive_return, name="directive-return"),
    path("directives/<int:pk>/cancel/", directives.directive_cancel, name="directive-cancel"),
    path("directives/<int:pk>/urge/", directives.directive_urge, name="directive-urge"),
    path(
        "directives/<int:pk>/follow-up-team/", directives.follow_up_team_set, name="directive-follow-up-team"
    ),
    path("directives/<int:pk>/edit/", directives.directive_edit, name="directive-edit"),
    path(
        "committees/<int:committee_pk>/directives/new/", directives.directive_create, name="directive-create"
    ),
    path("evidence/<int:pk>/", directives.evidence_download, name="evidence-download"),
    path("viec-cua-toi/", directives.my_work, name="my-work"),
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
    path("committees/<int:committee_pk>/plans/", plans.plan_list, name="plan-list"),
    path("committees/<int:committee_pk>/plans/new/", plans.plan_create, name="plan-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/items/new/", plans.plan_item_add, name="plan-item-add"),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/pdf/", plans.plan_pdf, name="plan-pdf"),
    path("plans/<int:pk>/directives/", plans.plan_directives, name="plan-directives"),
    path("plan-items/<int:pk>/edit/", plans.plan_item_edit, name="plan-item-edit"),
    path("plan-items/<int:pk>/delete/", plans.plan_item_delete, name="plan-item-delete"),
    path("plan-items/<int:pk>/move/", plans.plan_item_move, name="plan-item-move"),
]
