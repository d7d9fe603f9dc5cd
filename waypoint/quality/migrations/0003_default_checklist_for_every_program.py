"""Every program starts with the default checklist of judgement items."""

from django.db import migrations

DEFAULT_ITEMS = (
    ("Strengths are used in the plan", "The goals and steps build on what the participant brings."),
    ("Goals are in the participant's own words", "The plan reads as theirs, not as ours."),
    (
        "Notes use strengths-based, person-first language",
        "No labels or judgements; facts and their words.",
    ),
)


def forwards(apps, schema_editor):
    Program = apps.get_model("accounts", "Program")
    ChecklistItem = apps.get_model("quality", "ChecklistItem")
    for program in Program.objects.all():
        if ChecklistItem.objects.filter(program=program).exists():
            continue
        ChecklistItem.objects.bulk_create(
            [
                ChecklistItem(program=program, label=label, help_text=words, position=n)
                for n, (label, words) in enumerate(DEFAULT_ITEMS, start=1)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("quality", "0002_signed_reviews_never_change"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
