from django.urls import path, re_path

from campaign import views
from forus.images import STORED_NAME_PATTERN

app_name = "campaign"

urlpatterns = [
    path("", views.home, name="home"),
    path("introduction/", views.introduction, name="introduction"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("get-involved/", views.get_involved, name="get_involved"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("pillars/", views.pillar_list, name="pillar_list"),
    path("pillars/<slug:slug>/", views.pillar_detail, name="pillar_detail"),
    re_path(rf"^images/(?P<name>{STORED_NAME_PATTERN})$", views.campaign_image, name="image"),
]
