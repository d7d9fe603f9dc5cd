"""An index for searching names by any part (``name_key`` contains a word): a pg_trgm
GIN index on PostgreSQL, an FTS5 trigram table kept by triggers on SQLite. Outside
the model state on purpose (see ``waypoint.participants.search_index``)."""

from typing import Any

from django.db import migrations

from waypoint.participants import search_index


def forward(apps: Any, schema_editor: Any) -> None:
    search_index.install(schema_editor)


def backward(apps: Any, schema_editor: Any) -> None:
    search_index.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_written_language")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
