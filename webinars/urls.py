from django.urls import path, re_path

from forus.images import STORED_NAME_PATTERN
from webinars import views

app_name = "webinars"

urlpatterns = [
    path("", views.webinar_list, name="webinar_list"),
    path("past/", views.webinar_archive, name="webinar_archive"),
    path(
        "registrations/<str:token>/cancel/", views.registration_cancel, name="registration_cancel"
    ),
    re_path(r"^images/(?P<name>[0-9a-f]{32}\.jpg)$", views.webinar_image, name="image"),
    re_path(
        rf"^covers/(?P<pk>[0-9]+)/(?P<name>{STORED_NAME_PATTERN})$",
        views.webinar_cover,
        name="cover",
    ),
    re_path(
        r"^transcripts/(?P<name>[0-9a-f]{32}\.(?:vtt|txt|pdf))$",
        views.webinar_transcript_file,
        name="transcript_file",
    ),
    path(
        "registrations/<str:token>/confirm/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path("<slug:slug>/", views.webinar_detail, name="webinar_detail"),
    path("<slug:slug>/calendar.ics", views.webinar_calendar, name="webinar_calendar"),
    path("<slug:slug>/registered/", views.registration_done, name="registration_done"),
]
