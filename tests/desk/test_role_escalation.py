"""Nobody below superuser can raise anyone's rights through the desk, their own included."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(db):
    call_command("setup_roles", verbosity=0)
    return Group.objects.get(name="Editor"), Group.objects.get(name="Penulis")


def staff(django_user_model, username, *, groups=(), permissions=()):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.set(groups)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="auth", codename__in=permissions)
    )
    return user


def change_user_form(user, **changes):
    values = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "08:00:00",
    }
    return values | changes


def test_editors_and_writers_cannot_open_user_or_group_admin(client, django_user_model, roles):
    editors, writers = roles
    for user in [
        staff(django_user_model, "editor", groups=[editors]),
        staff(django_user_model, "penulis", groups=[writers]),
    ]:
        client.force_login(user)
        for url in [
            "/admin/auth/user/",
            f"/admin/auth/user/{user.pk}/change/",
            "/admin/auth/group/",
            "/admin/auth/group/add/",
        ]:
            assert client.get(url).status_code == 403, (user.username, url)
        client.post(
            f"/admin/auth/user/{user.pk}/change/", change_user_form(user, is_superuser="on")
        )
        user.refresh_from_db()
        assert not user.is_superuser


def test_an_account_manager_cannot_grant_power_to_anyone(client, django_user_model, roles):
    editors, _writers = roles
    manager = staff(
        django_user_model, "pengelola", permissions=["view_user", "change_user", "add_user"]
    )
    colleague = django_user_model.objects.create_user("rekan", password="x")
    client.force_login(manager)
    power = {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [editors.pk],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:5]),
    }
    for target in [manager, colleague]:
        page = client.get(f"/admin/auth/user/{target.pk}/change/")
        assert page.status_code == 200
        assert 'name="is_superuser"' not in page.content.decode()
        response = client.post(
            f"/admin/auth/user/{target.pk}/change/",
            change_user_form(target, first_name="Nama Baru", **power),
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.first_name == "Nama Baru"
        assert not target.is_superuser
        assert target.is_staff == (target == manager)
        assert not target.groups.exists()
        assert not target.user_permissions.exclude(content_type__app_label="auth").exists()
        assert target.user_permissions.count() == (3 if target == manager else 0)


def test_a_superuser_still_manages_rights(client, django_user_model, admin_user, roles):
    editors, _writers = roles
    person = django_user_model.objects.create_user("baru", password="x")
    client.force_login(admin_user)
    client.post(
        f"/admin/auth/user/{person.pk}/change/",
        change_user_form(person, is_staff="on", groups=[editors.pk]),
    )
    person.refresh_from_db()
    assert person.is_staff
    assert list(person.groups.all()) == [editors]


@pytest.fixture
def manager_and_mightier(django_user_model, roles):
    editors, _writers = roles
    manager = staff(
        django_user_model,
        "pengelola",
        permissions=["view_user", "change_user", "delete_user"],
    )
    boss = django_user_model.objects.create_superuser("pemred", password="sandi-lama-123")
    editor = staff(django_user_model, "redaktur", groups=[editors])
    return manager, [boss, editor]


def test_an_account_manager_cannot_touch_a_superuser_or_an_account_mightier_than_them(
    client, manager_and_mightier
):
    manager, mightier = manager_and_mightier
    client.force_login(manager)
    for target in mightier:
        base = f"/admin/auth/user/{target.pk}"
        # Setting their password, then logging in as them, was the way to everything.
        password = client.post(
            f"{base}/password/",
            {"password1": "sandi-baru-yang-kuat-9", "password2": "sandi-baru-yang-kuat-9"},
        )
        assert password.status_code == 403, target.username
        deactivate = client.post(f"{base}/change/", change_user_form(target) | {"is_active": ""})
        assert deactivate.status_code == 403, target.username
        delete = client.post(f"{base}/delete/", {"post": "yes"})
        assert delete.status_code == 403, target.username
        bulk_delete = client.post(
            "/admin/auth/user/",
            {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
        )
        assert bulk_delete.status_code in (200, 403)
        target.refresh_from_db()
        assert not target.check_password("sandi-baru-yang-kuat-9"), target.username
        assert target.is_active, target.username
    # They can still see the accounts, read-only.
    page = client.get(f"/admin/auth/user/{mightier[0].pk}/change/")
    assert page.status_code == 200
    assert 'name="username"' not in page.content.decode()


def test_an_account_manager_still_manages_an_account_with_no_more_rights(
    client, django_user_model, manager_and_mightier
):
    manager, _mightier = manager_and_mightier
    colleague = django_user_model.objects.create_user("rekan", password="x", is_staff=True)
    client.force_login(manager)
    response = client.post(
        f"/admin/auth/user/{colleague.pk}/password/",
        {"password1": "sandi-baru-yang-kuat-9", "password2": "sandi-baru-yang-kuat-9"},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password("sandi-baru-yang-kuat-9")
