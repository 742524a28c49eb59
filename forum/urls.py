from django.urls import path

from forum.views import boards, moderation, notifications, posts, threads

app_name = "forum"
urlpatterns = [
    path("", boards.index, name="index"),
    path("b/<slug:slug>/", boards.board_detail, name="board"),
    path("b/<slug:slug>/new/", threads.thread_create, name="thread_create"),
    path("b/<slug:slug>/follow/", notifications.follow_board, name="follow_board"),
    path("t/<int:pk>/", threads.thread_detail, name="thread"),
    path("t/<int:pk>/unread/", threads.thread_unread, name="thread_unread"),
    path("t/<int:pk>/reply/", threads.reply, name="reply"),
    path("t/<int:pk>/follow/", notifications.follow_thread, name="follow_thread"),
    path("t/<int:pk>/moderate/", moderation.moderate_thread, name="moderate_thread"),
    path("p/<int:pk>/", posts.post_redirect, name="post"),
    path("p/<int:pk>/edit/", posts.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", posts.post_delete, name="post_delete"),
    path("p/<int:pk>/history/", posts.post_history, name="post_history"),
    path("p/<int:pk>/helpful/", posts.post_helpful, name="post_helpful"),
    path("p/<int:pk>/answer/", posts.post_answer, name="post_answer"),
    path("p/<int:pk>/flag/", posts.post_flag, name="post_flag"),
    path("p/<int:pk>/moderate/", moderation.moderate_post, name="moderate_post"),
    path("attachments/<int:pk>/", posts.attachment, name="attachment"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification"),
    path("settings/", notifications.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("members/<str:handle>/", posts.member_detail, name="member"),
    path("members/<str:handle>/suspend/", moderation.suspend, name="suspend"),
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("discuss/<int:page_id>/", threads.discuss_page, name="discuss"),
]
