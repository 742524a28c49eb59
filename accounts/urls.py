from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("members/profile/", views.profile, name="profile"),
    path("members/profile/export/", views.export_data, name="export"),
    path("members/profile/delete/", views.delete, name="delete"),
    path("members/pending/", views.pending, name="pending"),
    path("members/join/<str:token>/", views.join, name="join"),
]
