from django.apps import AppConfig


class HmisConfig(AppConfig):
    name = "waypoint.hmis"
    label = "hmis"
    verbose_name = "HUD HMIS exchange"
