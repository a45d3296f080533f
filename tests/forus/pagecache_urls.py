"""A page with a form, served through the public page cache, for its tests."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path

from forus.pagecache import cache_public_page
from forus.urls import urlpatterns as site_urlpatterns

FORM_PAGE = engines["django"].from_string(
    "{% for message in messages %}<p>{{ message }}</p>{% endfor %}"
    '<form method="post">{% csrf_token %}<button>Send</button></form>'
)


@cache_public_page
def form_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FORM_PAGE.render(request=request))


def form_post(request: HttpRequest) -> HttpResponse:
    return HttpResponse("accepted")


def flash(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Only for the visitor who asked")
    return redirect("/form/")


urlpatterns = [
    path("flash/", flash),
    path("form/", form_page),
    path("post/", form_post),
    *site_urlpatterns,
]
