from django.http import HttpRequest, HttpResponse
from django.urls import path

from forus.urls import urlpatterns as site_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A deliberate failure for the 500 page test.")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
