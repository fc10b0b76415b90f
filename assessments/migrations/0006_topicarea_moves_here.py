"""Topic areas move from the library app to the checklist's vocabulary.

State only: the table keeps its name (feedback_library_topicarea) and its rows, and the
projects' link table keeps pointing at it. The library's side follows in
feedback_library 0004.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0005_text_length_limits'),
        ('feedback_library', '0003_text_length_limits'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TopicArea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=60, unique=True, verbose_name='slug')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('name_en', models.CharField(max_length=120, null=True, verbose_name='name')),
                        ('name_fr', models.CharField(max_length=120, null=True, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(verbose_name='order')),
                    ],
                    options={
                        'verbose_name': 'topic area',
                        'verbose_name_plural': 'topic areas',
                        'ordering': ['order'],
                        'db_table': 'feedback_library_topicarea',
                    },
                ),
                migrations.AlterField(
                    model_name='project',
                    name='topic_areas',
                    field=models.ManyToManyField(related_name='projects', to='assessments.topicarea', verbose_name='topic areas'),
                ),
            ],
            database_operations=[],
        ),
    ]
