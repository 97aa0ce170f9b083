import pytest

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def editor(csw: Organisation) -> User:
    """A guide editor of the CSW: keeps its services and places."""
    user = UserFactory(full_name="Urednica Vodiča")
    MembershipFactory(user=user, organisation=csw, role=Role.EDITOR)
    return user
