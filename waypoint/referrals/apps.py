from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "waypoint.referrals"
    label = "referrals"
