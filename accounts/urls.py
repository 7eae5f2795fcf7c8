from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("profile/delete/", views.account_delete, name="account_delete"),
    path("users/", views.user_list, name="user_list"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/join/", views.organization_join, name="organization_join"),
    path("organizations/<int:pk>/leave/", views.organization_leave, name="organization_leave"),
    path("organizations/<int:pk>/edit/", views.organization_update, name="organization_update"),
    path(
        "organizations/<int:pk>/members/<int:user_pk>/remove/",
        views.organization_member_remove,
        name="organization_member_remove",
    ),
    path(
        "organizations/<int:pk>/members/<int:user_pk>/make-owner/",
        views.organization_member_make_owner,
        name="organization_member_make_owner",
    ),
    path(
        "organizations/<int:pk>/requests/<int:user_pk>/approve/",
        views.organization_request_approve,
        name="organization_request_approve",
    ),
    path(
        "organizations/<int:pk>/requests/<int:user_pk>/decline/",
        views.organization_request_decline,
        name="organization_request_decline",
    ),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/badge/", views.notification_badge, name="notification_badge"),
    path("notifications/read/", views.notification_mark_read, name="notification_mark_read"),
    path(
        "notifications/<int:pk>/open/",
        views.notification_open,
        name="notification_open",
    ),
]
