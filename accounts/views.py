"""Views of the accounts app."""

import contextlib
import copy

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import permissions, selectors, services
from accounts.forms import AccountDeleteForm, OrganizationForm, ProfileForm, UserInfoForm
from accounts.models import Membership, MembershipRequest, Notification, Organization, User
from site_config import ratelimit
from site_config.cache import cache_anonymous_page
from site_config.htmx import template_for, trigger_client_event, vary_on_htmx, wants_partial
from site_config.http import is_safe_url
from site_config.pagination import paginate, with_page

USERS_PER_PAGE = 20
ORGANIZATIONS_PER_PAGE = 12
MEMBERS_PER_PAGE = 24


# ---- Language


@require_POST
def set_language(request):
    """Django's language switch (the cookie), which also remembers a logged-in user's
    choice: mails and notifications that others cause reach them in it."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
    if request.user.is_authenticated and language:
        # A language the site does not speak is ignored, as Django's view ignores it.
        with contextlib.suppress(ValidationError):
            services.user_set_language(user=request.user, language=language)
    return response


# ---- Notifications


def _render_inbox(request):
    page = paginate(request, selectors.notification_inbox(user=request.user), 20)
    template_name = template_for(request, "accounts/notification_list.html", "notification-list")
    return render(request, template_name, {"page_obj": page, "notifications": page.object_list})


@login_required
@require_safe
def notification_list(request):
    return vary_on_htmx(_render_inbox(request))


@require_safe
def notification_badge(request):
    """The unread count in the nav; polled by HTMX."""
    count = selectors.notification_unread_count(user=request.user)
    return render(request, "accounts/_notification_badge.html", {"unread_count": count})


@login_required
@require_POST
def notification_mark_read(request):
    """Mark one notification (`id`) or, without an id, all of them read."""
    raw_id = request.POST.get("id", "")
    notification_id = None
    if raw_id:
        # Someone else's notification, or garbage, is "not found", never "mark all".
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if not (raw_id.isascii() and raw_id.isdigit()):
            raise Http404
        notification_id = get_object_or_404(Notification, pk=int(raw_id), recipient=request.user).pk
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    # The form posts to `?page=N` of the page it is on: both answers stay on that page.
    if request.htmx:
        return trigger_client_event(_render_inbox(request), "notificationsChanged")
    return redirect(with_page(reverse("accounts:notification_list"), request))


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark a notification read and go to the page it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    link = notification.link
    if is_safe_url(request, link):
        return redirect(link)
    return redirect("accounts:notification_list")


# ---- Profile


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """Edit my own profile: there is deliberately no way to name another user here."""
    # A fresh copy: a form that fails validation must not leave its values on
    # request.user, which the page header shows.
    user = User.objects.get(pk=request.user.pk)
    profile = selectors.profile_for_edit(user=user)
    if request.method == "POST":
        user_form = UserInfoForm(request.POST, request.FILES, instance=user)
        profile_form = ProfileForm(request.POST, instance=profile, user=user)
        # Validate both forms so every error shows at once.
        user_ok = user_form.is_valid()
        profile_ok = profile_form.is_valid()
        if user_ok and profile_ok:
            profile_data = dict(profile_form.cleaned_data)
            try:
                services.profile_update(
                    user=user,
                    user_data={k: user_form.cleaned_data[k] for k in UserInfoForm.Meta.fields},
                    profile_data={key: profile_data[key] for key in ProfileForm.Meta.fields},
                    skill_names=profile_data["skills"],
                    organizations=profile_data["organizations"],
                    avatar=user_form.avatar_to_save(),
                    remove_avatar=user_form.cleaned_data.get("remove_avatar", False),
                )
            except ValidationError as error:
                profile_form.add_error(None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("accounts:profile")
        messages.error(request, _("Please correct the errors below."))
        held_token = user_form.held_avatar_token()
    else:
        user_form = UserInfoForm(instance=user)
        profile_form = ProfileForm(instance=profile, user=user)
        held_token = ""
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "person": user,
            "user_form": user_form,
            "profile_form": profile_form,
            "delete_form": AccountDeleteForm(),
            "held_avatar_token": held_token,
            "held_avatar_url": services.avatar_held_url(user=user, token=held_token)
            if held_token
            else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete my account (password re-entered); /profile/ has the same form."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # Wrong passwords count as at the login: a stolen session cannot guess on.
            with ratelimit.password_attempt(request, request.user.email):
                services.account_delete(user=request.user, password=form.cleaned_data["password"])
        except ratelimit.PasswordDelay as delay:
            form.add_error(None, delay.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Goodbye, and thank you."))
            return redirect("home")
    status = 422 if form.is_bound else 200
    return render(request, "accounts/account_delete.html", {"form": form}, status=status)


# ---- People


@login_required
@require_safe
def user_list(request):
    query = selectors.search_query(request.GET.get("q", ""))
    role = request.GET.get("role", "")
    if role not in User.Role.values:
        role = ""
    users = selectors.user_directory(query=query, role=role)
    page = paginate(request, users, USERS_PER_PAGE)
    template_name = template_for(request, "accounts/user_list.html", "user-list")
    context = {
        "page_obj": page,
        "people": page.object_list,
        "query": query,
        "role": role,
        "roles": User.Role.choices,
    }
    return vary_on_htmx(render(request, template_name, context))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@login_required
@require_safe
def user_detail(request, pk: int):
    try:
        person = selectors.user_profile(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    profile = getattr(person, "profile", None)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "profile": profile,
            "skills": list(profile.skills.all()) if profile else [],
            "memberships": list(person.memberships.all()),
            "education_lines": _lines(profile.education) if profile else [],
            "experience_lines": _lines(profile.experience) if profile else [],
            "is_me": person.pk == request.user.pk,
        },
    )


# ---- Organizations


@require_safe
@cache_anonymous_page(namespaces=("people",))
def organization_list(request):
    query = selectors.search_query(request.GET.get("q", ""))
    organizations = selectors.organization_directory(query=query)
    page = paginate(request, organizations, ORGANIZATIONS_PER_PAGE)
    template_name = template_for(request, "accounts/organization_list.html", "organization-list")
    context = {"page_obj": page, "organizations": page.object_list, "query": query}
    return vary_on_htmx(render(request, template_name, context))


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                website=form.cleaned_data["website"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(name)s” has been created. You are its owner.") % {"name": organization.name},
            )
            return redirect(organization)
    return render(request, "accounts/organization_create.html", {"form": form})


def _render_organization(
    request,
    organization: Organization,
    *,
    partial: bool = False,
    member_error: str = "",
    status: int = 200,
):
    members = paginate(
        request, selectors.organization_members(organization=organization), MEMBERS_PER_PAGE
    )
    my_membership = selectors.membership_of(organization=organization, user=request.user)
    can_manage = permissions.can_manage_organization(request.user, organization)
    template_name = "accounts/organization_detail.html"
    if partial:
        template_name += "#organization-members"
    return render(
        request,
        template_name,
        {
            "organization": organization,
            "page_obj": members,
            "members": members.object_list,
            "my_membership": my_membership,
            "my_request": None
            if my_membership
            else selectors.membership_request_of(organization=organization, user=request.user),
            "join_requests": list(selectors.organization_join_requests(organization=organization))
            if can_manage
            else [],
            "can_manage": can_manage,
            "member_error": member_error,
        },
        status=status,
    )


def _get_organization(pk: int) -> Organization:
    try:
        return selectors.organization_detail(pk=pk)
    except Organization.DoesNotExist:
        raise Http404 from None


@require_safe
def organization_detail(request, pk: int):
    organization = _get_organization(pk)
    return vary_on_htmx(_render_organization(request, organization, partial=wants_partial(request)))


@login_required
@require_POST
def organization_join(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    join_request = services.organization_join(organization=organization, user=request.user)
    if request.htmx:
        return _render_organization(request, _get_organization(pk), partial=True)
    if join_request is not None:
        messages.success(
            request,
            _("Your request to join “%(name)s” has been sent to its owners.")
            % {"name": organization.name},
        )
    return redirect(organization)


@login_required
@require_POST
def organization_leave(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    try:
        left = services.organization_leave(organization=organization, user=request.user)
    except ValidationError as error:
        return _member_action_response(request, organization, error=error.messages[0])
    if request.htmx:
        return _render_organization(request, _get_organization(pk), partial=True)
    if left:
        messages.success(request, _("You have left “%(name)s”.") % {"name": organization.name})
    return redirect(organization)


def _organization_for_manager(request, pk: int) -> Organization:
    """The organization, if the user may manage it (its owners and staff): else 403."""
    organization = _get_organization(pk)
    if not permissions.can_manage_organization(request.user, organization):
        raise PermissionDenied(_("Only the organization's owners can manage it."))
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def organization_update(request, pk: int):
    organization = _organization_for_manager(request, pk)
    # The form gets a copy: a failed validation must not rename the page's header.
    form = OrganizationForm(request.POST or None, instance=copy.copy(organization))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                website=form.cleaned_data["website"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(organization)
    return render(
        request,
        "accounts/organization_update.html",
        {"organization": organization, "form": form},
    )


def _member_action_response(request, organization: Organization, *, error: str = ""):
    """After a member action: HTMX gets the members section again (same page), a plain
    POST goes back to the organization page it came from."""
    if request.htmx:
        return _render_organization(
            request,
            _get_organization(organization.pk),
            partial=True,
            member_error=error,
            status=422 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect(with_page(organization.get_absolute_url(), request))


def _membership_to_manage(organization: Organization, user_pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        organization=organization,
        user_id=user_pk,
    )


@login_required
@require_POST
def organization_member_remove(request, pk: int, user_pk: int):
    organization = _organization_for_manager(request, pk)
    membership = _membership_to_manage(organization, user_pk)
    name = membership.user.get_full_name() or _("Member")
    try:
        services.organization_member_remove(membership=membership, by=request.user)
    except ValidationError as error:
        return _member_action_response(request, organization, error=error.messages[0])
    if not request.htmx:
        messages.success(
            request,
            _("%(person)s is no longer a member of “%(organization)s”.")
            % {"person": name, "organization": organization.name},
        )
    return _member_action_response(request, organization)


@login_required
@require_POST
def organization_member_make_owner(request, pk: int, user_pk: int):
    organization = _organization_for_manager(request, pk)
    membership = _membership_to_manage(organization, user_pk)
    services.organization_member_make_owner(membership=membership, by=request.user)
    if not request.htmx:
        messages.success(
            request,
            _("%(person)s is now an owner of “%(organization)s”.")
            % {
                "person": membership.user.get_full_name() or _("Member"),
                "organization": organization.name,
            },
        )
    return _member_action_response(request, organization)


def _join_request_decide(request, pk: int, user_pk: int, *, approve: bool):
    organization = _organization_for_manager(request, pk)
    join_request = get_object_or_404(
        MembershipRequest.objects.select_related("user", "organization"),
        organization=organization,
        user_id=user_pk,
    )
    services.organization_request_decide(
        join_request=join_request, by=request.user, approve=approve
    )
    if not request.htmx:
        name = join_request.user.get_full_name() or _("Member")
        text = (
            _("%(person)s is now a member of “%(organization)s”.")
            if approve
            else _("The request of %(person)s was declined.")
        )
        messages.success(request, text % {"person": name, "organization": organization.name})
    return _member_action_response(request, organization)


@login_required
@require_POST
def organization_request_approve(request, pk: int, user_pk: int):
    return _join_request_decide(request, pk, user_pk, approve=True)


@login_required
@require_POST
def organization_request_decline(request, pk: int, user_pk: int):
    return _join_request_decide(request, pk, user_pk, approve=False)
