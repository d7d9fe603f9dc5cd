from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "waypoint.participants"
    label = "participants"
