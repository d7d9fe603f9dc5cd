from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "waypoint.quality"
    label = "quality"
    verbose_name = "File reviews against the program's standards"
