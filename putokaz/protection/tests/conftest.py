from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages of the actions are asserted in English, the catalogues' source language."""
    with translation.override("en"):
        yield
