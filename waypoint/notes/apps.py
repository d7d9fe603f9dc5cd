from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "waypoint.notes"
    label = "notes"
