from __future__ import annotations

import pytest

from tests.helpers import program_form


@pytest.fixture
def form_data():
    """program_form(**overrides) -> a valid program form."""
    return program_form
