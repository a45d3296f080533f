from django.urls import path

from campaign import views

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("introduction/", views.introduction, name="introduction"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("pillars/", views.pillar_list, name="pillar_list"),
    path("pillars/<slug:slug>/", views.pillar_detail, name="pillar_detail"),
    path("newsletter/", views.newsletter, name="newsletter"),
    path(
        "newsletter/check-your-inbox/",
        views.newsletter_check_inbox,
        name="newsletter_check_inbox",
    ),
    path("newsletter/confirm/<str:token>/", views.newsletter_confirm, name="newsletter_confirm"),
    path(
        "newsletter/confirm/<str:token>/new-link/",
        views.newsletter_confirm_resend,
        name="newsletter_confirm_resend",
    ),
    path("newsletter/confirmed/", views.newsletter_confirmed, name="newsletter_confirmed"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        views.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path(
        "newsletter/unsubscribed/", views.newsletter_unsubscribed, name="newsletter_unsubscribed"
    ),
]
