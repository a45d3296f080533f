from django.urls import path

from forus.people import views

app_name = "people"

urlpatterns = [
    path("", views.request_link, name="request"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("link/<str:token>/", views.link, name="link"),
    path("page/", views.page, name="page"),
    path("page/<slug:part>/<slug:name>/", views.action, name="action"),
    path("page/my-data.json", views.download, name="download"),
    path("page/my-data/", views.data, name="data"),
    path("page/erase/", views.erase, name="erase"),
    path("erased/", views.erased, name="erased"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
