"""The library's edit counter is called what it is: a count of edits, not a version."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feedback_library', '0004_topicarea_moves_to_assessments'),
    ]

    operations = [
        migrations.RenameField(
            model_name='feedbackentry',
            old_name='edit_version',
            new_name='edit_count',
        ),
        migrations.AlterField(
            model_name='feedbackentry',
            name='edit_count',
            field=models.PositiveIntegerField(default=1, verbose_name='edit count'),
        ),
        migrations.RenameField(
            model_name='goodpractice',
            old_name='edit_version',
            new_name='edit_count',
        ),
        migrations.AlterField(
            model_name='goodpractice',
            name='edit_count',
            field=models.PositiveIntegerField(default=1, verbose_name='edit count'),
        ),
    ]
