"""Site administration: only admins, and the actions take effect."""
import pytest

from echo.accounts.models import AuditLog
from echo.core.extensions import db
from tests.factories import PASSWORD

ROUTES = [
    ("get", "/admin/users"),
    ("get", "/admin/programs"),
    ("post", "/admin/users/{uid}/active"),
    ("post", "/admin/users/{uid}/admin"),
    ("post", "/admin/users/{uid}/program-creation"),
]


@pytest.mark.parametrize("method,path", ROUTES)
@pytest.mark.parametrize("who", ["coordinator", "specialist", "participant", "learner", "outsider"])
def test_non_admins_get_403(people, login_as, method, path, who):
    target = people.learner
    resp = getattr(login_as(people.user(who)), method)(path.format(uid=target.id), data={"active": "0", "admin": "1", "allowed": "1"})
    assert resp.status_code == 403
    db.session.refresh(target)
    assert target.is_active_account and not target.is_admin and not target.can_create_programs


@pytest.mark.parametrize("method,path", ROUTES)
def test_anonymous_is_sent_to_login(client, people, method, path):
    resp = getattr(client, method)(path.format(uid=people.learner.id))
    assert resp.status_code == 302 and "/auth/login" in resp.headers["Location"]


def test_admin_lists_and_finds_accounts(people, login_as):
    c = login_as(people.admin)
    page = c.get("/admin/users?q=olive").get_data(as_text=True)
    assert "Olive Outsider" in page and "Carmen Coordinator" not in page
    assert people.program.name in c.get("/admin/programs").get_data(as_text=True)


def test_deactivated_account_is_logged_out_and_cannot_log_in(app, people, login_as):
    victim = people.participant
    victim_client = login_as(victim)
    assert victim_client.get("/home").status_code == 200
    resp = login_as(people.admin).post(f"/admin/users/{victim.id}/active", data={"active": "0"})
    assert resp.status_code == 302
    db.session.refresh(victim)
    assert victim.is_active_account is False
    assert victim_client.get("/home").status_code == 302  # logged out on the next request
    fresh = app.test_client()
    page = fresh.post("/auth/login", data={"email": victim.email, "password": PASSWORD})
    assert page.status_code == 400 and "deactivated" in page.get_data(as_text=True)
    assert db.session.query(AuditLog).filter_by(action="user.deactivated", object_id=victim.id).count() == 1


def test_admin_grants_admin_rights(people, login_as):
    target = people.specialist
    login_as(people.admin).post(f"/admin/users/{target.id}/admin", data={"admin": "1"})
    db.session.refresh(target)
    assert target.is_admin
    assert login_as(target).get("/admin/users").status_code == 200


def test_admin_cannot_lock_themselves_out(people, login_as):
    admin = people.admin
    c = login_as(admin)
    assert c.post(f"/admin/users/{admin.id}/active", data={"active": "0"}).status_code == 409
    assert c.post(f"/admin/users/{admin.id}/admin", data={"admin": "0"}).status_code == 409
    db.session.refresh(admin)
    assert admin.is_admin and admin.is_active_account


def test_unknown_account_is_404(people, login_as):
    assert login_as(people.admin).post("/admin/users/999999/active", data={"active": "0"}).status_code == 404


def test_admin_pages_and_messages_in_the_admin_language(people, login_as):
    people.admin.language = "es"
    db.session.commit()
    c = login_as(people.admin)
    page = c.get("/admin/users", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Administración del sitio</h1>" in page and 'placeholder="nombre, correo electrónico u organización"' in page
    r = c.post(f"/admin/users/{people.learner.id}/active", data={"active": "0"}, follow_redirects=True)
    assert f"{people.learner.name} está desactivado/a." in r.get_data(as_text=True)
    # A refusal says why, in the same language.
    r = c.post(f"/admin/users/{people.admin.id}/admin", data={"admin": "0"})
    assert r.status_code == 409 and "No puede quitarse sus propios derechos de administrador." in r.get_data(as_text=True)
    people.specialist.language = "fr"
    db.session.commit()
    r = login_as(people.specialist).get("/admin/users")
    assert r.status_code == 403 and "Seuls les administrateurs du site peuvent faire cela." in r.get_data(as_text=True)
