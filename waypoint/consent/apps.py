from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "waypoint.consent"
    label = "consent"
    verbose_name = "Consent and disclosures"
