"""The public verification of certificates, mounted at /certificates/ by the site."""

from django.urls import path

from workshops.views import certificates, verification

app_name = "certificates"
urlpatterns = [
    path("verify/", verification.verify, name="verify"),
    path("verify/<str:code>/", verification.verify_code, name="verify-code"),
    path("<int:pk>/pdf/", certificates.download, name="pdf"),
]
