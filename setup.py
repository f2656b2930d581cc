"""Packaging beyond what pyproject.toml can say: the top-level templates/, static/ and
migrations/ folders ship inside the package as echo/templates, echo/static and
echo/migrations, so `pip install .` gives a working app while the source tree keeps them at
its top level (echo/__init__.py finds either)."""
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """Compiles each feature's translation catalogues (echo/<feature>/translations/*/LC_MESSAGES/
    messages.po) into the .mo files Flask-Babel reads; they are built, never committed."""

    def run(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path("echo").glob("*/translations/*/LC_MESSAGES/messages.po"):
            with po.open("rb") as src:
                catalog = read_po(src, locale=po.parent.parent.name)
            with po.with_suffix(".mo").open("wb") as out:
                write_mo(out, catalog)
        super().run()

TOP_LEVEL_DATA = {"echo.templates": "templates", "echo.static": "static", "echo.migrations": "migrations"}


def data_packages() -> dict[str, list[str]]:
    """Each folder under the data folders as a package holding its files (setuptools treats
    every folder inside a package as a package; naming them all keeps the build quiet)."""
    found = {}
    for package, top in TOP_LEVEL_DATA.items():
        for folder in [Path(top), *sorted(p for p in Path(top).rglob("*") if p.is_dir())]:
            if "__pycache__" not in folder.parts:
                found[".".join([package, *folder.relative_to(top).parts])] = ["*"]
    return found


DATA = data_packages()

setup(
    packages=find_packages(include=["echo", "echo.*"]) + list(DATA),
    package_dir=TOP_LEVEL_DATA,
    package_data={"echo.privacy": ["data/*"], "echo": ["*/translations/*/LC_MESSAGES/*.po", "*/translations/*/LC_MESSAGES/*.mo"], **DATA},
    exclude_package_data={"": ["*.pyc"]},
    cmdclass={"build_py": BuildWithCatalogues},
)
