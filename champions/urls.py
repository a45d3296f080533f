from django.urls import path, re_path

from champions import views

app_name = "champions"

urlpatterns = [
    path("", views.spotlight_list, name="spotlight_list"),
    path("nominate/", views.nominate, name="nominate"),
    path("nominate/thanks/", views.nomination_thanks, name="nomination_thanks"),
    path("consent/<str:token>/", views.nominee_consent, name="nominee_consent"),
    path("consent/<str:token>/photo/", views.nominee_consent_photo, name="nominee_consent_photo"),
    path("feed/", views.spotlight_feed, name="feed"),
    re_path(
        r"^photos/(?P<name>[0-9a-f]{32}(?:-card|-social)?\.(?:jpg|webp))$",
        views.spotlight_photo,
        name="photo",
    ),
    path("<slug:slug>/", views.spotlight_detail, name="spotlight_detail"),
]
