from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "waypoint.caseload"
    label = "caseload"
