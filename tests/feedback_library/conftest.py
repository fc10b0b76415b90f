import pytest

from assessments.models import Role
from tests.factories import member


@pytest.fixture
def curator2(world):
    """A second curator of the secretariat: the colleague who reviews, or saves first."""
    return member(world.secretariat, Role.CURATOR, username="curator2")
