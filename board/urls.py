from django.urls import path  # noqa: F401  (routes arrive with this app's issue)

app_name = "board"

urlpatterns: list = []
