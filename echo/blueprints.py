"""One place that lists the feature blueprints (and their socket handlers)."""
from __future__ import annotations

import importlib

from flask import Flask

# (module, attribute): each feature package exposes its blueprint as `bp`.
FEATURES = [
    "echo.main",
    "echo.auth",
    "echo.programs",
    "echo.cases",
    "echo.live",
    "echo.library",
    "echo.api",
    "echo.admin",
    "echo.ops",
]


def register_blueprints(app: Flask) -> None:
    for name in FEATURES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A feature package not written yet; anything else missing is a real error.
            if exc.name == name:
                continue
            raise
        app.register_blueprint(module.bp)
        init = getattr(module, "init_app", None)
        if init:
            init(app)
