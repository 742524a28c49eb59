from django.urls import path, re_path

from insights import views

app_name = "insights"
urlpatterns = [
    path("insights/", views.insights_page, name="page"),
    path("insights/brief/<str:code>/", views.country_brief, name="brief"),
    path("insights/brief/<str:code>.pdf", views.country_brief_pdf, name="brief_pdf"),
    path("api/insights/", views.api_index, name="api"),
    re_path(r"^api/insights/(?P<name>[a-z-]+)\.(?P<fmt>csv|json)$", views.api_table, name="api_table"),
]
