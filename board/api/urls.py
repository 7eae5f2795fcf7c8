from rest_framework.routers import SimpleRouter

from board.api import newsletters, views

router = SimpleRouter()
router.register("ads", views.AdViewSet, basename="ad")
router.register(r"ads/(?P<ad_pk>\d+)/responses", views.AdResponseViewSet, basename="ad-response")
router.register("responses", views.ResponseViewSet, basename="response")
router.register("my-responses", views.MyResponseViewSet, basename="my-response")
router.register("newsletters", newsletters.NewsletterViewSet, basename="newsletter")

urlpatterns = router.urls
