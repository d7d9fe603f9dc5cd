from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "waypoint.approvals"
    label = "approvals"
    verbose_name = "Approvals"
