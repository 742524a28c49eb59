from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from accounts.page_serving import serve
from accounts.views import admin_sign_in
from frontline.views import set_language
from library.media_views import document_urlpatterns, file_urlpatterns

urlpatterns = [
    # Every sign-in goes through allauth's, which enforces two-factor authentication and lockout.
    path("admin/login/", admin_sign_in, {"default_next": "/admin/"}),
    path("django-admin/login/", admin_sign_in, {"default_next": "/django-admin/"}),
    path("accounts/", include("allauth.urls")),
    path("sitemap.xml", sitemap),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(document_urlpatterns)),
    path("files/", include(file_urlpatterns)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("search/", include("search.follows.urls")),
    path("", include("search.urls")),
    path("", include("accounts.urls")),
    path("forum/", include("forum.urls")),
    path("share/", include("submissions.urls")),
    path("workshops/", include("workshops.urls")),
    path("certificates/", include("workshops.certificate_urls")),
    path("", include("library.urls")),
    path("", include("insights.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages are served by accounts.page_serving (Wagtail's view, its group check left to the access rules); the
# rest of Wagtail's front-end URLs (the password form, reverse("wagtail_serve")) stay Wagtail's.
urlpatterns += [re_path(wagtail_urls.serve_pattern, serve), path("", include(wagtail_urls))]

handler404 = "frontline.views.page_not_found"
