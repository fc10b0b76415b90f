"""The glossary's edit counter is called what it is: a count of edits, not a version."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0007_funding_rounds_decisions_bands'),
    ]

    operations = [
        migrations.RenameField(
            model_name='glossaryterm',
            old_name='edit_version',
            new_name='edit_count',
        ),
        migrations.AlterField(
            model_name='glossaryterm',
            name='edit_count',
            field=models.PositiveIntegerField(default=1, verbose_name='edit count'),
        ),
    ]
