"""Object rules never answer for Django's model permissions.

The admin (and the activity panel) ask `user.has_perm("board.change_ad")` without an
object to decide what a staff member may do; a `rules` predicate registered under that
name would grant it to whoever the predicate lets edit their own rows, or crash on
`obj=None`.
"""

from django.apps import apps
from rules.permissions import permissions as registered_rules


def model_permissions() -> set[str]:
    names = set()
    for model in apps.get_models():
        opts = model._meta
        names |= {
            f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions
        }
        names |= {f"{opts.app_label}.{codename}" for codename, _label in opts.permissions}
    return names


def test_no_rule_shadows_a_model_permission():
    assert sorted(set(registered_rules) & model_permissions()) == []


def test_every_rule_answers_without_an_object(db, django_user_model):
    """Templates and the admin may ask without an object: no predicate may crash then."""
    from django.contrib.auth.models import AnonymousUser

    member = django_user_model.objects.create_user(email="rule@example.com", password="x")
    for user in (AnonymousUser(), member):
        for name in registered_rules:
            user.has_perm(name)  # must not raise
