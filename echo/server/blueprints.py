"""One place that lists the feature blueprints (and their socket handlers)."""
from __future__ import annotations

import importlib

from flask import Flask

# Each feature's blueprint module exposes `bp` and, where it has app hooks, `init_app`.
FEATURES = [
    "echo.main.blueprint",
    "echo.accounts.blueprint",
    "echo.programs.blueprint",
    "echo.cases.blueprint",
    "echo.live.blueprint",
    "echo.summaries.blueprint",
    "echo.library.blueprint",
    "echo.evaluations.blueprint",
    "echo.closeout.blueprint",
    "echo.attendance.blueprint",
    "echo.disclosures.blueprint",
    "echo.selfefficacy.blueprint",
    "echo.credit.blueprint",
    "echo.reports.blueprint",
    "echo.api.blueprint",
    "echo.admin.blueprint",
    "echo.ops.blueprint",
]


# Each feature owns its tables; all are imported before the app touches the database.
MODELS = [
    "echo.accounts.models",
    "echo.programs.models",
    "echo.programs.clinic_session",
    "echo.programs.reminders",
    "echo.cases.models",
    "echo.live.models",
    "echo.summaries.models",
    "echo.library.models",
    "echo.evaluations.models",
    "echo.closeout.models",
    "echo.attendance.models",
    "echo.disclosures.models",
    "echo.selfefficacy.models",
    "echo.credit.models",
    "echo.reports.models",
]


# Modules that declare background jobs (echo.core.jobs); every app registers all of them, so
# the web processes (which queue jobs) and the consumer (which runs them) know the same jobs.
JOBS = [
    "echo.core.mail",
    "echo.programs.reminders",
]


def import_models() -> None:
    for name in MODELS:
        importlib.import_module(name)


def register_blueprints(app: Flask) -> None:
    for name in FEATURES:
        module = importlib.import_module(name)
        for views in module.VIEWS:
            importlib.import_module(views)
        app.register_blueprint(module.bp)
        init = getattr(module, "init_app", None)
        if init:
            init(app)
