from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "waypoint.households"
    label = "households"
    verbose_name = "Households"
