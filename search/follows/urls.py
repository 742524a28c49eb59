from django.urls import path

from search.follows import views

app_name = "follows"
urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("following/", views.follow_list, name="list"),
    path("following/<int:pk>/", views.update, name="update"),
    path("following/<int:pk>/unfollow/", views.unfollow, name="unfollow"),
    path("following/alerts/<int:pk>/", views.open_alert, name="alert"),
    path("following/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
