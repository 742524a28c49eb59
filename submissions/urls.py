from django.urls import path

from submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.share_case, name="share"),
    path("mine/", views.my_submissions, name="mine"),
    path("mine/<int:pk>/", views.submission_detail, name="detail"),
    path("mine/<int:pk>/edit/", views.edit_submission, name="edit"),
]
