from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "waypoint.directory"
    label = "directory"
    verbose_name = "Resource directory"
