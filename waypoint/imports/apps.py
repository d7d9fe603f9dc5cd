from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "waypoint.imports"
    label = "imports"
    verbose_name = "Imports of people from spreadsheets"
