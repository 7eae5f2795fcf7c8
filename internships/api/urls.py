from rest_framework.routers import SimpleRouter

from internships.api import dashboard, views

router = SimpleRouter()
# Before "internships": its detail route would take "dashboard" for an id.
router.register("internships/dashboard", dashboard.DashboardViewSet, basename="dashboard")
router.register("internships", views.InternshipViewSet, basename="internship")
router.register("jobs", views.JobViewSet, basename="job")
router.register(
    r"users/(?P<user_id>\d+)/internships",
    views.MyInternshipApplicationViewSet,
    basename="user-internship-application",
)
router.register(
    r"users/(?P<user_id>\d+)/jobs", views.MyJobApplicationViewSet, basename="user-job-application"
)
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("auctions", views.AuctionViewSet, basename="auction")

urlpatterns = router.urls
