"""Demo data for a first run: two cities, their partners, secretariat staff, and projects
with assessments in several states. Never loaded in production (the command refuses
when DEBUG is off).

The cities and organisations are fictional and named as such; the checklist and the
library they use are the real content. Loading twice changes nothing.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy

from . import group, plans, services
from .models import (
    Action,
    ActionStatus,
    Assessment,
    ChecklistVersion,
    Decision,
    FundingRound,
    Organisation,
    Outcome,
    PopulationBand,
    Project,
    Question,
    Role,
    ScoreBand,
    TeamMember,
    TopicArea,
)

DEMO_PASSWORD = "demo-pass-2021"  # noqa: S105 - published demo logins, never in production

# username, first name, last name, organisation, role
DEMO_USERS = [
    ("coordinator", "Aoife", "Brennan", "Riverside (demo city)", Role.COORDINATOR),
    ("coordinator2", "Jonas", "Keller", "Lindenau (demo city)", Role.COORDINATOR),
    ("partner", "Samira", "Haddad", "Open Doors Association (demo)", Role.MEMBER),
    ("partner2", "Mehmet", "Yilmaz", "Brückenbauer e.V. (demo)", Role.MEMBER),
    ("curator", "Claire", "Dubois", "ICC secretariat (demo)", Role.CURATOR),
    ("curator2", "Marco", "Rossi", "ICC secretariat (demo)", Role.CURATOR),
    ("analyst", "Ana", "Costa", "ICC secretariat (demo)", Role.ANALYST),
]

# name, kind, country, population band, city it works with
DEMO_ORGANISATIONS = [
    ("Riverside (demo city)", Organisation.Kind.CITY, "IE", PopulationBand.MEDIUM, None),
    ("Lindenau (demo city)", Organisation.Kind.CITY, "DE", PopulationBand.LARGE, None),
    ("Open Doors Association (demo)", Organisation.Kind.PARTNER, "IE", "",
     "Riverside (demo city)"),
    ("Brückenbauer e.V. (demo)", Organisation.Kind.PARTNER, "DE", "",
     "Lindenau (demo city)"),
    ("ICC secretariat (demo)", Organisation.Kind.SECRETARIAT, "FR", "", None),
]

# title, run by, submitted to, topic areas, summary, target groups
DEMO_PROJECTS = [
    ("Neighbourhood kitchen nights", "Open Doors Association (demo)", "Riverside (demo city)",
     ["welcoming-integration", "culture-leisure-heritage"],
     "Monthly evenings in a community centre where newcomers and long-time residents cook "
     "dishes from their regions together and eat at one table.",
     "Newly arrived families and long-time residents of the Eastbank estate"),
    ("Library language cafés", "Riverside (demo city)", "Riverside (demo city)",
     ["multilingualism", "public-services"],
     "Weekly conversation tables in the three branch libraries, run by volunteers, for "
     "anyone who wants to practise English or share their own language.",
     "Adults learning English; volunteers; library users"),
    ("Football for every girl", "Brückenbauer e.V. (demo)", "Lindenau (demo city)",
     ["culture-leisure-heritage", "gender-intersectionality"],
     "A girls' football league across four districts, with coaches from the districts' "
     "own communities and transport for players from the outer estates.",
     "Girls aged 10 to 16"),
    ("Mediators in secondary schools", "Brückenbauer e.V. (demo)", "Lindenau (demo city)",
     ["education", "mediation-conflict"],
     "Trained intercultural mediators in five secondary schools, working with pupils, "
     "parents and teachers when tensions arise.",
     "Pupils, parents and teachers of five secondary schools"),
    ("Shared allotments on the Eastbank estate", "Open Doors Association (demo)",
     "Riverside (demo city)", ["housing-urban-planning", "welcoming-integration"],
     "Twenty allotment plots shared by pairs of households of different origins, with "
     "seed swaps and a harvest meal each autumn.",
     "Households of the Eastbank estate"),
    ("Welcome walks for new residents", "Open Doors Association (demo)",
     "Riverside (demo city)", ["welcoming-integration", "public-services"],
     "Guided walks in six languages that show newcomers the services, parks and meeting "
     "places of their district, led by residents who arrived a few years earlier.",
     "Newly arrived residents; volunteer guides"),
    ("Youth radio in three languages", "Open Doors Association (demo)",
     "Riverside (demo city)", ["communication", "multilingualism"],
     "A weekly radio hour made by teenagers in English, Irish and the languages of their "
     "families, on the community station.",
     "Teenagers aged 14 to 19"),
]

# The round the demo proposals answer, and the city's decisions on some of them.
DEMO_ROUND = ("Riverside neighbourhood grants 2021 (demo)", "Riverside (demo city)",
              datetime.date(2021, 3, 1), datetime.date(2021, 4, 30),
              "Small grants for activities that bring residents of different backgrounds "
              "together in their neighbourhood.")
# project title, decision, reason, the questions conditions concern
DEMO_DECISIONS = [
    ("Shared allotments on the Eastbank estate", Outcome.FUNDED,
     "Strong on interaction over time; a clear plan for after the grant.", []),
    ("Welcome walks for new residents", Outcome.FUNDED_WITH_CONDITIONS,
     "Funded once the project sets a way to report discrimination and checks who it reaches.",
     ["E2.1", "D3.2"]),
    ("Youth radio in three languages", Outcome.NOT_FUNDED,
     "Too little contact between the young people and the wider neighbourhood.", []),
]
# The city's own bands (its reading, not a Council of Europe certification).
DEMO_BANDS = [
    ("Developing", 50, 0, 0, 0),
    ("Intercultural", 75, 60, 60, 60),
]

# project title, purpose, assessor, how many answers, submitted, shared, answer pattern
# (None: the common one), and for a final evaluation the purpose of its baseline.
DEMO_ASSESSMENTS = [
    ("Neighbourhood kitchen nights", Assessment.Purpose.SELF_ASSESSMENT,
     "Open Doors Association (demo)", 30, True, True, None, None),
    ("Neighbourhood kitchen nights", Assessment.Purpose.PROPOSAL_REVIEW,
     "Riverside (demo city)", 12, False, False, None, None),
    ("Library language cafés", Assessment.Purpose.PROPOSAL_REVIEW,
     "Riverside (demo city)", 30, True, False, None, None),
    ("Mediators in secondary schools", Assessment.Purpose.PROPOSAL_REVIEW,
     "Lindenau (demo city)", 30, True, True, None, None),
    ("Shared allotments on the Eastbank estate", Assessment.Purpose.PROPOSAL_REVIEW,
     "Riverside (demo city)", 30, True, True, ["yes", "yes", "partially", "yes", "no"], None),
    ("Welcome walks for new residents", Assessment.Purpose.PROPOSAL_REVIEW,
     "Riverside (demo city)", 30, True, True, ["partially", "yes", "no", "partially"], None),
    ("Youth radio in three languages", Assessment.Purpose.PROPOSAL_REVIEW,
     "Riverside (demo city)", 30, True, True, ["no", "partially", "no", "yes"], None),
    # A year on, the city evaluates the language cafés against its proposal review.
    ("Library language cafés", Assessment.Purpose.FINAL_EVALUATION,
     "Riverside (demo city)", 30, True, False, ["yes", "yes", "partially", "yes"],
     Assessment.Purpose.PROPOSAL_REVIEW),
]

# The language cafés' review turned its first three gaps into actions, followed to the final
# evaluation: who took each on, by when, and how it ended.
DEMO_ACTIONS = [
    ("the library's outreach librarian", datetime.date(2021, 12, 15), ActionStatus.DONE),
    ("the volunteer coordinator", datetime.date(2022, 3, 31), ActionStatus.UNDER_WAY),
    ("the project lead", datetime.date(2022, 5, 31), ActionStatus.DROPPED),
]

# Group mode: Open Doors' self-assessment of the allotments, answered alone first by three
# invited team members (username, first name, last name, the pattern of their own
# answers), then opened to the team by the partner; where all agree it is settled, where
# they differ it is left for the team to settle.
DEMO_GROUP = ("Shared allotments on the Eastbank estate", Assessment.Purpose.SELF_ASSESSMENT,
              "Open Doors Association (demo)")
DEMO_TEAM = [
    ("lucia", "Lucía", "Fernández", ["yes", "partially", "no", "yes", "yes", "partially"]),
    ("tomas", "Tomás", "Novák", ["yes", "partially", "partially", "yes", "yes", "partially"]),
    ("grace", "Grace", "Okafor", ["yes", "no", "no", "yes", "yes", "partially"]),
]
DEMO_COMMENTS = {"partially": "Planned for some of the plots only.",
                 "no": "Not in the plan we were given."}
DEMO_TEAM_ROLE = gettext_lazy("Team member of Open Doors' self-assessment of the allotments "
                              "(answered individually first)")

# A fixed, varied pattern of answers, so every demo assessment has a mix.
ANSWER_PATTERN = ["yes", "partially", "no", "yes", "yes", "partially", "no", "partially"]


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create what is missing of the demo; return the (username, role) logins."""
    organisations = {}
    for name, kind, country, band, _city in DEMO_ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "country": country, "population_band": band}
        )
    for name, *_rest, city in DEMO_ORGANISATIONS:
        if city:
            organisations[name].cities.add(organisations[city])

    users = {}
    for username, first_name, last_name, organisation, role in DEMO_USERS:
        user = _demo_user(username, first_name, last_name)
        services.join_organisation(user=user, organisation=organisations[organisation], role=role)
        users[organisation] = users.get(organisation) or user

    projects = {}
    topics = {topic.slug: topic for topic in TopicArea.objects.all()}
    for title, runner, city, topic_slugs, summary, target_groups in DEMO_PROJECTS:
        project = Project.objects.filter(title=title, organisation=organisations[runner]).first()
        if project is None:
            project = services.create_project(
                created_by=users[runner], topic_areas=[topics[slug] for slug in topic_slugs],
                title=title, summary=summary, target_groups=target_groups,
                organisation=organisations[runner], city=organisations[city],
                starts_on=datetime.date(2021, 9, 1), ends_on=datetime.date(2022, 6, 30),
            )
        projects[title] = project

    name, city, opens_on, closes_on, description = DEMO_ROUND
    funding_round, _ = FundingRound.objects.get_or_create(
        city=organisations[city], name=name,
        defaults={"opens_on": opens_on, "closes_on": closes_on, "description": description},
    )
    Project.objects.filter(
        pk__in=[projects[title].pk for title, *_rest in DEMO_DECISIONS]
        + [projects["Neighbourhood kitchen nights"].pk],
        funding_round=None,
    ).update(funding_round=funding_round)
    for label, overall, diversity, equality, interaction in DEMO_BANDS:
        ScoreBand.objects.get_or_create(
            city=organisations[city], label=label,
            defaults={"min_percentage": overall, "min_diversity": diversity,
                      "min_equality": equality, "min_interaction": interaction},
        )

    if ChecklistVersion.objects.latest_published() is not None:
        for offset, (title, purpose, assessor, answers, submitted, shared, pattern,
                     baseline) in enumerate(DEMO_ASSESSMENTS):
            project = projects[title]
            if Assessment.objects.filter(project=project, purpose=purpose).exists():
                continue
            assessment = _answer_demo_assessment(
                project, purpose, organisations[assessor], users[assessor],
                answers=answers, submitted=submitted, shared=shared, offset=offset,
                pattern=pattern or ANSWER_PATTERN,
            )
            if baseline:
                assessment.baseline = project.assessments.get(purpose=baseline)
                assessment.save(update_fields=["baseline"])
        coordinator = users[city]
        _plan_demo_actions(projects["Library language cafés"].assessments.get(
            purpose=Assessment.Purpose.PROPOSAL_REVIEW), coordinator)
        for title, outcome, reason, codes in DEMO_DECISIONS:
            if not Decision.objects.filter(project=projects[title]).exists():
                services.record_decision(
                    project=projects[title], outcome=outcome, reason=reason, user=coordinator,
                    conditions_on=Question.objects.of_version(
                        ChecklistVersion.objects.latest_published()
                    ).filter(code__in=codes),
                )
        title, purpose, assessor = DEMO_GROUP
        if not Assessment.objects.filter(project=projects[title], purpose=purpose).exists():
            _answer_demo_group(projects[title], purpose, organisations[assessor],
                               users[assessor])
    return [(username, role.label) for username, _f, _l, _o, role in DEMO_USERS] + [
        (username, DEMO_TEAM_ROLE) for username, *_rest in DEMO_TEAM
    ]


def _demo_user(username, first_name, last_name):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name,
                  "email": f"{username}@example.org"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _answer_demo_group(project, purpose, assessor, owner):
    assessment = services.start_assessment(
        project=project, purpose=purpose, assessor=assessor, user=owner,
        individually_first=True,
    )
    questions = list(
        Question.objects.of_version(assessment.version).prefetch_related("criteria")
    )
    team = []
    for username, first_name, last_name, pattern in DEMO_TEAM:
        member = _demo_user(username, first_name, last_name)
        TeamMember.objects.get_or_create(assessment=assessment, user=member)
        team.append(member)
        for question, value in zip(questions, itertools.cycle(pattern), strict=False):
            criteria = list(question.criteria.all())
            group.save_own_answer(
                assessment=assessment, question=question, member=member, value=value,
                comment=DEMO_COMMENTS.get(value, ""),
                criteria={"yes": criteria, "partially": criteria[:1], "no": []}[value],
            )
        group.finish(assessment=assessment, member=member)
    group.open_round(assessment, user=owner)
    group.set_options(assessment, settler=team[0], spread_in_report=True)
    group.settle_agreed(assessment, user=owner)


def _plan_demo_actions(review, user):
    if review.actions.exists():
        return
    for (question, _value, suggestion), (who, due, status) in zip(
        plans.plan_of(review).gaps, DEMO_ACTIONS, strict=False
    ):
        plans.save_action(Action(assessment=review, question=question, what=suggestion,
                                 who=who, due=due, status=status), user=user)


def _answer_demo_assessment(project, purpose, assessor, user, *, answers, submitted, shared,
                            offset, pattern):
    assessment = services.start_assessment(
        project=project, purpose=purpose, assessor=assessor, user=user
    )
    questions = (
        Question.objects.of_version(assessment.version).prefetch_related("criteria")
    )
    values = itertools.islice(itertools.cycle(pattern), offset, None)
    for question, value in zip(list(questions)[:answers], values, strict=False):
        criteria = list(question.criteria.all())
        met = {"yes": criteria, "partially": criteria[:1], "no": []}[value]
        services.save_answer(
            assessment=assessment, question=question, value=value,
            comment="" if value == "yes" else "Noted during the demo review.",
            criteria=met, user=user, seen_revision=None,
        )
    if submitted:
        services.submit(assessment, user=user)
    if shared:
        services.set_shared(assessment, shared=True, user=user)
    return assessment
