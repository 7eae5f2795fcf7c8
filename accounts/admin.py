"""Admin of the accounts app: users log in by email, so the User admin has no username."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.models import (
    Membership,
    Notification,
    Organization,
    OutgoingMail,
    Profile,
    Skill,
    User,
)


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "role")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


class UserAdminChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        # The database's unique index is case-sensitive; logins are not.
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    extra = 0
    max_num = 1
    autocomplete_fields = ["skills"]
    fieldsets = [
        (None, {"fields": ["headline", "city", "bio", "skills"]}),
        (_("Education and experience"), {"fields": ["education", "experience"]}),
        (
            _("Links"),
            {
                "fields": ["website", "github", "linkedin", "telegram", "vk"],
                "classes": ["collapse"],
            },
        ),
    ]


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]
    readonly_fields = ["joined"]
    verbose_name = _("organization")
    verbose_name_plural = _("organizations")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    inlines = [ProfileInline, UserMembershipInline]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_filter = [
        "role",
        "language",
        "is_active",
        "is_staff",
        "is_superuser",
        "newsletter_opt_out",
    ]
    search_fields = ["email", "first_name", "last_name", "phone"]
    ordering = ["email"]
    date_hierarchy = "date_joined"
    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate_users", "activate_users"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal info"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "phone",
                    "avatar",
                    "role",
                    "language",
                    "newsletter_opt_out",
                ]
            },
        ),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ],
                "classes": ["collapse"],
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    def get_inlines(self, request, obj):
        # The add page only asks for the login; profile and memberships come after.
        return self.inlines if obj is not None else []

    @admin.action(description=_("Deactivate selected users"), permissions=["change"])
    def deactivate_users(self, request, queryset):
        changed = services.users_set_active(users=queryset, active=False, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d user was deactivated.",
                "%(count)d users were deactivated.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Activate selected users"), permissions=["change"])
    def activate_users(self, request, queryset):
        changed = services.users_set_active(users=queryset, active=True, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d user was activated.",
                "%(count)d users were activated.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


class SkillUsageFilter(admin.SimpleListFilter):
    title = _("usage")
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", _("In someone's profile")), ("no", _("Unused"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(profiles__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(profiles__isnull=True)
        return queryset


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "profile_count"]
    list_filter = [SkillUsageFilter]
    search_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(profile_count=Count("profiles"))

    @admin.display(description=_("profiles"), ordering="profile_count")
    def profile_count(self, obj) -> int:
        return obj.profile_count


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "city", "updated"]
    list_filter = ["user__role", "updated"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "headline", "city"]
    list_select_related = ["user"]
    autocomplete_fields = ["user", "skills"]


class OrganizationMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count", "website", "created_by", "created"]
    list_filter = ["created"]
    search_fields = ["name", "description", "website"]
    list_select_related = ["created_by"]
    autocomplete_fields = ["created_by"]
    readonly_fields = ["created"]
    inlines = [OrganizationMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_count()

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj) -> int:
        return obj.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "joined"]
    list_filter = ["role", "joined"]
    search_fields = ["user__email", "user__last_name", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-mostly: staff look things up and may flip `read`, but never write messages."""

    list_display = ["recipient", "message", "read", "created"]
    list_filter = ["read", "created"]
    search_fields = ["recipient__email", "message"]
    list_select_related = ["recipient"]
    date_hierarchy = "created"
    fields = ["recipient", "message", "link", "read", "created"]
    readonly_fields = ["recipient", "message", "link", "created"]

    def has_add_permission(self, request):
        return False


class OutboxAttentionFilter(admin.SimpleListFilter):
    """What staff should look at: mails that failed for good or wait too long."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Failed for good")),
            ("waiting", _("Waiting for more than an hour")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(state=OutgoingMail.State.FAILED)
        if self.value() == "waiting":
            return queryset.filter(
                state__in=[OutgoingMail.State.PENDING, OutgoingMail.State.SENDING],
                created__lt=timezone.now() - services.OUTBOX_LONG_PENDING,
            )
        return queryset


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The outbox: every mail the site sends, its state and last error; resend from here."""

    list_display = ["created", "subject", "recipients", "state", "attempts", "short_error"]
    list_filter = [OutboxAttentionFilter, "state", "created"]
    search_fields = ["subject", "to", "group"]
    date_hierarchy = "created"
    actions = ["resend"]
    readonly_fields = [
        "state",
        "to",
        "from_email",
        "subject",
        "body",
        "html",
        "headers",
        "message_id",
        "key",
        "group",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "created",
        "sent_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recipients"))
    def recipients(self, obj: OutgoingMail) -> str:
        return ", ".join(obj.to)

    @admin.display(description=_("last error"))
    def short_error(self, obj: OutgoingMail) -> str:
        return Truncator(obj.last_error).chars(80)

    @admin.action(description=_("Send the selected mails again now"))
    def resend(self, request, queryset):
        count = services.outbox_resend(mails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
