from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("b/<slug:slug>/", views.board_detail, name="board"),
    path("b/<slug:slug>/new/", views.thread_create, name="thread_create"),
    path("b/<slug:slug>/follow/", views.follow_board, name="follow_board"),
    path("t/<int:pk>/", views.thread_detail, name="thread"),
    path("t/<int:pk>/unread/", views.thread_unread, name="thread_unread"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/follow/", views.follow_thread, name="follow_thread"),
    path("t/<int:pk>/moderate/", views.moderate_thread, name="moderate_thread"),
    path("p/<int:pk>/", views.post_redirect, name="post"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/helpful/", views.post_helpful, name="post_helpful"),
    path("p/<int:pk>/answer/", views.post_answer, name="post_answer"),
    path("p/<int:pk>/flag/", views.post_flag, name="post_flag"),
    path("p/<int:pk>/moderate/", views.moderate_post, name="moderate_post"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
    path("settings/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("members/<str:handle>/", views.member_detail, name="member"),
    path("members/<str:handle>/suspend/", views.suspend, name="suspend"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("discuss/<int:page_id>/", views.discuss_page, name="discuss"),
]
