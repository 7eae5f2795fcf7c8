"""API authentication: signup with the emailed code, JWT login/refresh/logout, my account.

Every step runs allauth's own forms and flows, so the API signs people up, mails the
same code, counts the same rate limits and checks the same passwords as the site. The
one difference: the pending code is kept in the cache under the email address instead
of in a browser session (an app has no session).
"""

from __future__ import annotations

import hashlib

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import (
    ConfirmEmailVerificationCodeForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SignupForm,
    UserTokenForm,
)
from allauth.account.internal.flows.email_verification import mark_email_address_as_verified
from allauth.account.internal.flows.email_verification_by_code import EmailVerificationProcess
from allauth.account.utils import has_verified_email
from allauth.utils import get_form_class
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services as account_services
from accounts.api.serializers import MeSerializer
from accounts.forms import AccountDeleteForm, UserInfoForm
from accounts.models import User
from site_config import ratelimit
from site_config.api import (
    ApiError,
    IPThrottle,
    UserThrottle,
    allauth_rate_limit,
    bind_form,
    errors,
    form_serializer,
    no_content,
    partial_serializer,
    rename_fields,
)

THROTTLES = [UserThrottle, IPThrottle]


# ---- The pending signup code, kept per email address


def _state_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"api:email-verification:{digest}"


class ApiEmailVerification(EmailVerificationProcess):
    """allauth's code verification (code, mail, attempts, timeout) stored in the cache."""

    def persist(self) -> None:
        cache.set(_state_key(self.email), self.state, timeout=self.timeout)

    def abort(self) -> None:
        cache.delete(_state_key(self.email))

    def finish(self):
        cache.delete(_state_key(self.email))
        return mark_email_address_as_verified(self.request, self.email_address)

    @classmethod
    def initiate(cls, *, request, user, email: str) -> ApiEmailVerification:
        state = cls.initial_state(user, email)
        process = cls(request=request, user=user, state=state)
        process.generate_code()
        process.send()
        process.persist()
        return process

    @classmethod
    def resume_for(cls, *, request, email: str) -> ApiEmailVerification | None:
        state = cache.get(_state_key(email))
        if not state:
            return None
        return cls(request=request, state=state).abort_if_invalid()


def _django_request(request):
    return getattr(request, "_request", request)


def _tokens(user: User) -> dict:
    refresh = RefreshToken.for_user(user)
    update_last_login(None, user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


TokenPairSerializer = inline_serializer(
    name="TokenPair", fields={"access": serializers.CharField(), "refresh": serializers.CharField()}
)
DetailSerializer = inline_serializer(name="Detail", fields={"detail": serializers.CharField()})


# ---- Signup and the code


RegisterSerializer = inline_serializer(
    name="RegisterRequest",
    fields={
        "email": serializers.EmailField(),
        "password": serializers.CharField(write_only=True),
        "first_name": serializers.CharField(max_length=150),
        "last_name": serializers.CharField(max_length=150),
        "role": serializers.ChoiceField(choices=User.Role.choices),
    },
)


@extend_schema(
    tags=["auth"],
    request=RegisterSerializer,
    responses={201: DetailSerializer, **errors(400, 429)},
    summary="Sign up; the code to confirm the email is mailed",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes(THROTTLES)
def register(request):
    """Create an account as /accounts/signup/ does and mail the same confirmation code.

    An address that already has an account gets the same answer (and a mail saying so),
    so the API cannot be used to find out who has an account.
    """
    allauth_rate_limit(request, "signup")
    body = {**request.data} if isinstance(request.data, dict) else {}
    password = body.pop("password", "")
    body.setdefault("password1", password)
    body.setdefault("password2", password)
    form_class = get_form_class(allauth_settings.FORMS, "signup", SignupForm)
    with rename_fields({"password1": "password", "password2": "password"}):
        form = bind_form(form_class, request, data=body)
    django_request = _django_request(request)
    email = form.cleaned_data["email"]
    if form.account_already_exists:
        get_adapter(django_request).send_account_already_exists_mail(email)
    else:
        with transaction.atomic():
            user = form.save(django_request)
        ApiEmailVerification.initiate(request=django_request, user=user, email=user.email)
    return Response(
        {"detail": str(_("We have sent a code to %(email)s.") % {"email": email})},
        status=status.HTTP_201_CREATED,
    )


VerifySerializer = inline_serializer(
    name="VerifyEmailRequest",
    fields={"email": serializers.EmailField(), "code": serializers.CharField()},
)


@extend_schema(
    tags=["auth"],
    request=VerifySerializer,
    responses={200: TokenPairSerializer, **errors(400, 429)},
    summary="Confirm the email with the mailed code; answers with tokens",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes(THROTTLES)
def verify_email(request):
    """The code from the signup mail. Three wrong codes, or 10 minutes, end it."""
    email = str(request.data.get("email", "")).strip() if isinstance(request.data, dict) else ""
    django_request = _django_request(request)
    process = (
        ApiEmailVerification.resume_for(request=django_request, email=email) if email else None
    )
    invalid = ApiError(
        status_code=400,
        code="invalid_code",
        message=_("The code is wrong or has expired. Sign up again to get a new one."),
        fields={"code": [str(_("Incorrect code."))]},
    )
    if process is None or process.user is None:
        raise invalid
    form = ConfirmEmailVerificationCodeForm(
        data={"code": str(request.data.get("code", ""))},
        code=process.code,
        user=process.user,
        email=process.email,
    )
    if not form.is_valid():
        process.record_invalid_attempt()
        raise invalid
    user = process.user
    process.finish()
    return Response(_tokens(user))


# ---- Tokens


class ApiLoginForm(LoginForm):
    """allauth's login form and failed-login limits. Unlike the site's login, the API's
    does not mail a new code to an unverified address (the view refuses it), so the
    code mail's own rate limit has no say here."""

    def _clean_with_password(self, credentials: dict):
        adapter = get_adapter(self.request)
        user = adapter.authenticate(self.request, **credentials)  # counts failures
        if not user:
            raise adapter.validation_error("email_password_mismatch")
        self.user = user
        return self.cleaned_data


def _throttled(wait: int, message: str) -> exceptions.Throttled:
    """429 with Retry-After and our own (translated) reason, nothing appended."""
    error = exceptions.Throttled(detail=message)
    error.wait = wait  # DRF's handler turns it into the Retry-After header
    return error


def _not_verified() -> ApiError:
    return ApiError(
        status_code=403,
        code="email_not_verified",
        message=_("Confirm your email address first: enter the code we mailed you."),
    )


LoginSerializer = inline_serializer(
    name="LoginRequest",
    fields={"email": serializers.EmailField(), "password": serializers.CharField()},
)


@extend_schema(
    tags=["auth"],
    request=LoginSerializer,
    responses={200: TokenPairSerializer, **errors(400, 403, 429)},
    summary="Log in with email and password (only once the email is confirmed)",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes(THROTTLES)
def login(request):
    allauth_rate_limit(request, "login")
    data = request.data if isinstance(request.data, dict) else {}
    form = ApiLoginForm(
        data={"login": data.get("email", ""), "password": data.get("password", "")},
        request=_django_request(request),
    )
    if not form.is_valid():
        errors_ = form.errors.get_json_data()
        message = (errors_.get("__all__") or [{}])[0].get("message", "")
        wait = getattr(_django_request(request), "password_delay", 0)
        if wait:  # too many wrong passwords from this client (site_config.ratelimit)
            raise _throttled(wait, message)
        if any(e.get("code") == "too_many_login_attempts" for e in errors_.get("__all__", [])):
            raise ApiError(status_code=429, code="throttled", message=message)
        fields = {
            ("email" if k == "login" else k): [e["message"] for e in v]
            for k, v in errors_.items()
            if k != "__all__"
        }
        raise ApiError(
            status_code=400,
            code="invalid_credentials",
            message=message or _("Please correct the errors below."),
            fields=fields,
        )
    user = form.user
    if allauth_settings.EMAIL_VERIFICATION == "mandatory" and not has_verified_email(user):
        raise _not_verified()
    return Response(_tokens(user))


RefreshSerializer = inline_serializer(
    name="RefreshRequest", fields={"refresh": serializers.CharField()}
)


@extend_schema(
    tags=["auth"],
    request=RefreshSerializer,
    responses={200: TokenPairSerializer, **errors(400, 401, 429)},
    summary="A new access token and a new refresh token (the old refresh stops working)",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes(THROTTLES)
def refresh(request):
    serializer = TokenRefreshSerializer(data=request.data)
    try:
        serializer.is_valid(raise_exception=True)
    except TokenError as error:
        raise InvalidToken(error.args[0]) from error
    return Response(serializer.validated_data)


@extend_schema(
    tags=["auth"],
    request=RefreshSerializer,
    responses={204: None, **errors(400, 401, 429)},
    summary="Log out: the refresh token is blacklisted",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes(THROTTLES)
def logout(request):
    raw = request.data.get("refresh", "") if isinstance(request.data, dict) else ""
    if not raw or not isinstance(raw, str):
        raise ApiError(
            status_code=400,
            code="invalid",
            message=_("Send the refresh token."),
            fields={"refresh": [str(_("This field is required."))]},
        )
    try:
        RefreshToken(raw).blacklist()
    except TokenError as error:
        raise InvalidToken(error.args[0]) from error
    return no_content()


# ---- My account


UserUpdateSerializer = form_serializer(
    UserInfoForm, name="UserUpdateRequest", exclude=("avatar", "remove_avatar")
)


def _user_initial(user: User) -> dict:
    initial = model_to_dict(user, fields=UserInfoForm.Meta.fields)
    initial["phone"] = str(user.phone) if user.phone else ""
    return initial


@extend_schema(
    tags=["auth"],
    methods=["GET"],
    responses={200: MeSerializer, **errors(401)},
    summary="My account",
)
@extend_schema(
    tags=["auth"],
    methods=["PUT"],
    request=UserUpdateSerializer,
    responses={200: MeSerializer, **errors(400, 401)},
    summary="Replace my account's names, phone, language and newsletter choice",
)
@extend_schema(
    tags=["auth"],
    methods=["PATCH"],
    request=partial_serializer(UserUpdateSerializer, name="PatchedUserUpdateRequest"),
    responses={200: MeSerializer, **errors(400, 401)},
    summary="Change some of my account's fields",
)
@extend_schema(
    tags=["auth"],
    methods=["DELETE"],
    request=form_serializer(AccountDeleteForm, name="AccountDeleteRequest"),
    responses={204: None, **errors(400, 401)},
    summary="Delete my account (the password again); every token stops working",
)
@api_view(["GET", "PUT", "PATCH", "DELETE"])
@permission_classes([IsAuthenticated])
def me(request):
    user = User.objects.select_related("profile").get(pk=request.user.pk)
    if request.method == "GET":
        return Response(MeSerializer(user, context={"request": request}).data)
    if request.method == "DELETE":
        form = bind_form(AccountDeleteForm, request)
        try:
            with ratelimit.password_attempt(_django_request(request), user.email):
                account_services.account_delete(user=user, password=form.cleaned_data["password"])
        except ratelimit.PasswordDelay as delay:
            raise _throttled(delay.retry_after, delay.message) from None
        for token in OutstandingToken.objects.filter(user=user):
            BlacklistedToken.objects.get_or_create(token=token)
        return no_content()
    initial = _user_initial(user) if request.method == "PATCH" else None
    form = bind_form(UserInfoForm, request, initial=initial, instance=User.objects.get(pk=user.pk))
    account_services.profile_update(
        user=user,
        user_data={key: form.cleaned_data[key] for key in UserInfoForm.Meta.fields},
        profile_data={},
        skill_names=None,
        avatar=form.cleaned_data.get("avatar"),
        remove_avatar=form.cleaned_data.get("remove_avatar", False),
    )
    user.refresh_from_db()
    return Response(MeSerializer(user, context={"request": request}).data)


# ---- Password reset


PasswordResetSerializer = inline_serializer(
    name="PasswordResetRequest", fields={"email": serializers.EmailField()}
)


@extend_schema(
    tags=["auth"],
    request=PasswordResetSerializer,
    responses={200: DetailSerializer, **errors(400, 429)},
    summary="Mail a password reset link (the same mail as the site's)",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes(THROTTLES)
def password_reset(request):
    """The mailed link ends in `/accounts/password/reset/key/<key>/`: send that key to
    `/api/auth/password-reset/confirm/` with the new password."""
    data = request.data if isinstance(request.data, dict) else {}
    form = bind_form(ResetPasswordForm, request, data=data)
    allauth_rate_limit(request, "reset_password", key=form.cleaned_data["email"].lower())
    form.save(_django_request(request))
    return Response(
        {"detail": str(_("If the address has an account, we have mailed a link to it."))}
    )


PasswordResetConfirmSerializer = inline_serializer(
    name="PasswordResetConfirmRequest",
    fields={
        "key": serializers.CharField(help_text="The last part of the mailed link: <uid>-<key>"),
        "password": serializers.CharField(write_only=True),
    },
)


@extend_schema(
    tags=["auth"],
    request=PasswordResetConfirmSerializer,
    responses={200: DetailSerializer, **errors(400, 429)},
    summary="Set a new password with the key from the reset mail",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes(THROTTLES)
def password_reset_confirm(request):
    allauth_rate_limit(request, "reset_password_from_key")
    data = request.data if isinstance(request.data, dict) else {}
    uidb36, _sep, key = str(data.get("key", "")).partition("-")
    token_form = UserTokenForm(data={"uidb36": uidb36, "key": key})
    if not token_form.is_valid():
        raise ApiError(
            status_code=400,
            code="invalid_key",
            message=_("The password reset link is invalid or has been used."),
            fields={"key": [str(_("The password reset link is invalid or has been used."))]},
        )
    password = data.get("password", "")
    with rename_fields({"password1": "password", "password2": "password"}):
        form = bind_form(
            ResetPasswordKeyForm,
            request,
            data={"password1": password, "password2": password},
            user=token_form.reset_user,
            temp_key=key,
        )
    form.save()
    return Response({"detail": str(_("Your password has been changed."))})
