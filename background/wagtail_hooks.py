from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.admin_views import is_administrator
from background.views import failed_tasks


@hooks.register("register_admin_urls")
def register_failed_tasks_url():
    return [path("failed-tasks/", failed_tasks, name="background_failed_tasks")]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def register_failed_tasks_menu_item():
    return AdministratorMenuItem(_("Failed tasks"), reverse("background_failed_tasks"), icon_name="warning", order=950)
