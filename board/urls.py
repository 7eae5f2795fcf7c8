from django.urls import path

from board.views import ads, newsletters, responses

app_name = "board"

urlpatterns = [
    path("board/", ads.ad_list, name="ad_list"),
    path("board/ads/new/", ads.ad_create, name="ad_create"),
    path("board/ads/<int:pk>/", ads.ad_detail, name="ad_detail"),
    path("board/ads/<int:pk>/edit/", ads.ad_update, name="ad_update"),
    path("board/ads/<int:pk>/delete/", ads.ad_delete, name="ad_delete"),
    path("board/ads/<int:pk>/respond/", ads.ad_respond, name="ad_respond"),
    path("board/responses/", responses.response_list, name="response_list"),
    path("board/responses/<int:pk>/accept/", responses.response_accept, name="response_accept"),
    path("board/responses/<int:pk>/delete/", responses.response_delete, name="response_delete"),
    path("board/my-responses/", responses.my_responses, name="my_responses"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletters.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("staff/newsletters/", newsletters.newsletter_list, name="newsletter_list"),
    path("staff/newsletters/new/", newsletters.newsletter_create, name="newsletter_create"),
    path("staff/newsletters/<int:pk>/", newsletters.newsletter_detail, name="newsletter_detail"),
    path(
        "staff/newsletters/<int:pk>/edit/", newsletters.newsletter_update, name="newsletter_update"
    ),
    path(
        "staff/newsletters/<int:pk>/preview/",
        newsletters.newsletter_preview,
        name="newsletter_preview",
    ),
    path(
        "staff/newsletters/<int:pk>/progress/",
        newsletters.newsletter_progress,
        name="newsletter_progress",
    ),
    path("staff/newsletters/<int:pk>/send/", newsletters.newsletter_send, name="newsletter_send"),
]
