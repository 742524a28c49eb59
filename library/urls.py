from django.urls import path

from library.feeds import LibraryFeed

app_name = "library"
urlpatterns = [
    path("library/feed/", LibraryFeed(), name="feed"),
]
