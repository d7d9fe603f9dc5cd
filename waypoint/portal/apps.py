from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "waypoint.portal"
    label = "portal"
