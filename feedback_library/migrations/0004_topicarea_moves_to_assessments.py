"""Topic areas now belong to the checklist app (assessments 0006): state only, no data moves."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feedback_library', '0003_text_length_limits'),
        ('assessments', '0006_topicarea_moves_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='goodpractice',
                    name='topic_areas',
                    field=models.ManyToManyField(blank=True, related_name='good_practices', to='assessments.topicarea', verbose_name='topic areas'),
                ),
                migrations.DeleteModel(name='TopicArea'),
            ],
            database_operations=[],
        ),
    ]
