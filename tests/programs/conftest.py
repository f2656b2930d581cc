from __future__ import annotations

import pytest


def program_form(**over) -> dict:
    """A valid program form (weekly, Tuesday noon, Denver), with overrides."""
    data = {
        "name": "Behavioral Health ECHO", "topic": "Behavioral Health in Primary Care", "description": "Weekly clinic.",
        "hub_team": "Dr. A, psychiatry", "timezone": "America/Denver", "video_url": "https://zoom.us/j/123456789",
        "visibility": "public", "frequency": "weekly", "weekday": "TU", "nth": "", "custom_rrule": "",
        "first_date": "2027-01-05", "start_time": "12:00", "duration_minutes": "60", "until_date": "2027-12-28",
    }
    data.update(over)
    return data


@pytest.fixture
def form_data():
    return program_form
