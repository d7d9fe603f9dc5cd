from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ConferencesConfig(AppConfig):
    name = "waypoint.conferences"
    label = "conferences"
    verbose_name = gettext_lazy("Case conferences")
