"""Flask commands: demo data, admin accounts, search index, backups."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from sqlalchemy.engine import make_url

from echo.accounts.models import User
from echo.accounts.operations import find_user, normalise_email
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.demo import DemoRefused, load_demo, print_logins
from echo.ops.backup import BackupFailed, backup, default_target


def register_cli(app: Flask) -> None:
    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only load when the database has no users (used by make run).")
    def demo_data(if_empty: bool) -> None:
        """Load realistic demo programs, users of every role, and past and future sessions."""
        try:
            loaded = load_demo(if_empty=if_empty)
        except DemoRefused as exc:
            raise click.ClickException(str(exc)) from exc
        if loaded:
            click.echo("Demo data loaded.")

    @app.cli.command("backup")
    @click.option("--to", "target", type=click.Path(dir_okay=False), default=None,
                  help="The backup file (default: instance/backups/echo-<UTC time>.db or .dump).")
    def backup_command(target: str | None) -> None:
        """A consistent backup of the database while the app runs (SQLite: online backup API;
        PostgreSQL: pg_dump's custom format)."""
        uri = app.config["SQLALCHEMY_DATABASE_URI"]
        path = Path(target) if target else default_target(app.instance_path, make_url(uri))
        try:
            done = backup(uri, path)
        except BackupFailed as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Backup written to {done}")

    @app.cli.command("demo-logins")
    def demo_logins() -> None:
        """Print the demo accounts (one per role) and their password."""
        print_logins()

    @app.cli.command("create-admin")
    @click.option("--email", required=True)
    @click.option("--name", default="Site administrator")
    @click.password_option()
    def create_admin(email: str, name: str, password: str) -> None:
        """Create a site administrator (or promote an existing account)."""
        user = find_user(email)
        if user is None:
            user = User(email=normalise_email(email), name=name, timezone="UTC")
            user.set_password(password)
            db.session.add(user)
        user.is_admin = True
        # Made from the server's shell: no mailed link to wait for.
        user.confirmed_at = user.confirmed_at or utcnow()
        db.session.commit()
        click.echo(f"{email} is a site administrator.")
