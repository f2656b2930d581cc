"""Steps the browser tests share."""
from tests.factories import PASSWORD


def browser_login(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person would, and land on the home page."""
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/home")


