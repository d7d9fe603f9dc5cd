from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "waypoint.conferences"
    label = "conferences"
    verbose_name = "Case conferences"
