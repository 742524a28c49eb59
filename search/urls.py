from django.urls import path

from search.api import search_api
from search.views import search_page

app_name = "search"
urlpatterns = [
    path("search/", search_page, name="search"),
    path("api/search/", search_api, name="api"),
]
