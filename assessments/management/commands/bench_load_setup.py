"""`make bench` (load test): one coordinator, in a city of their own, with one fresh
proposal review, per simulated person: fifty people answer at once, never the same
assessment, and each dashboard shows its own."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from assessments import services
from assessments.models import Assessment, Organisation, Role, TopicArea

PASSWORD = "load-test-pass-2021"  # noqa: S105 - a throwaway benchmark database only


class Command(BaseCommand):
    help = "Create the people and assessments the load test answers (benchmark databases only)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=50)

    def handle(self, *args, people, **options):
        topic = TopicArea.objects.first()
        User = get_user_model()
        for number in range(people):
            city = Organisation.objects.create(
                name=f"Loadtown {number} (benchmark)", kind="city", country="IE",
                population_band="medium",
            )
            user = User.objects.create_user(f"load{number}", f"load{number}@example.org",
                                            PASSWORD)
            services.join_organisation(user=user, organisation=city, role=Role.COORDINATOR)
            project = services.create_project(
                created_by=user, topic_areas=[topic], title=f"Load test project {number}",
                summary="A project for the load test.", organisation=city, city=city,
            )
            services.start_assessment(project=project, purpose=Assessment.Purpose.PROPOSAL_REVIEW,
                                      assessor=city, user=user)
        self.stdout.write(f"{people} people, each with an assessment to answer.")
