from django.urls import path

from .views import moderation, notifications, reading, writing

app_name = "forum"

urlpatterns = [
    # Reading
    path("", reading.index, name="index"),
    path("c/<str:slug>/", reading.category, name="category"),
    path("t/<int:pk>/", reading.topic, name="topic"),
    path("p/<int:pk>/", reading.post_permalink, name="post"),
    path("p/<int:pk>/history/", reading.post_history, name="post_history"),
    # Writing (approved members)
    path("c/<str:slug>/new/", writing.topic_create, name="topic_create"),
    path("t/<int:pk>/reply/", writing.reply, name="reply"),
    path("p/<int:pk>/edit/", writing.post_edit, name="post_edit"),
    path("p/<int:pk>/helpful/", writing.post_helpful, name="post_helpful"),
    path("p/<int:pk>/accept/", writing.post_accept, name="post_accept"),
    path("t/<int:pk>/unaccept/", writing.topic_unaccept, name="topic_unaccept"),
    path("t/<int:pk>/watch/", writing.topic_watch, name="topic_watch"),
    path("c/<str:slug>/watch/", writing.category_watch, name="category_watch"),
    path("practice/<int:page_id>/discuss/", writing.practice_discuss, name="practice_discuss"),
    path("p/<int:pk>/flag/", writing.post_flag, name="post_flag"),
    # Moderation (moderators)
    path("moderation/", moderation.queue, name="mod_queue"),
    path("moderation/log/", moderation.log, name="mod_log"),
    path("p/<int:pk>/hide/", moderation.post_hide, name="post_hide"),
    path("p/<int:pk>/restore/", moderation.post_restore, name="post_restore"),
    path("flags/<int:pk>/dismiss/", moderation.flag_dismiss, name="flag_dismiss"),
    path("t/<int:pk>/lock/", moderation.topic_lock, name="topic_lock"),
    path("t/<int:pk>/pin/", moderation.topic_pin, name="topic_pin"),
    path("t/<int:pk>/move/", moderation.topic_move, name="topic_move"),
    path("members/<str:username>/suspend/", moderation.member_suspend, name="member_suspend"),
    path("members/<str:username>/reinstate/", moderation.member_reinstate, name="member_reinstate"),
    # Notifications (members)
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications_read_all"),
]
