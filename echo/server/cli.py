"""Flask commands: demo data, admin accounts, search index."""
from __future__ import annotations

import click
from flask import Flask


def register_cli(app: Flask) -> None:
    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only load when the database has no users (used by make run).")
    def demo_data(if_empty: bool) -> None:
        """Load realistic demo programs, users of every role, and past and future sessions."""
        from echo.demo import DemoRefused, load_demo

        try:
            loaded = load_demo(if_empty=if_empty)
        except DemoRefused as exc:
            raise click.ClickException(str(exc)) from exc
        if loaded:
            click.echo("Demo data loaded.")

    @app.cli.command("demo-logins")
    def demo_logins() -> None:
        """Print the demo accounts (one per role) and their password."""
        from echo.demo import print_logins

        print_logins()

    @app.cli.command("create-admin")
    @click.option("--email", required=True)
    @click.option("--name", default="Site administrator")
    @click.password_option()
    def create_admin(email: str, name: str, password: str) -> None:
        """Create a site administrator (or promote an existing account)."""
        from echo.accounts.models import User
        from echo.accounts.operations import find_user, normalise_email
        from echo.core.extensions import db

        user = find_user(email)
        if user is None:
            user = User(email=normalise_email(email), name=name, timezone="UTC")
            user.set_password(password)
            db.session.add(user)
        user.is_admin = True
        db.session.commit()
        click.echo(f"{email} is a site administrator.")
