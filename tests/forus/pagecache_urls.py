"""A page with a form, served through the public page cache, for its tests."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from forus.pagecache import cache_public_page
from forus.urls import urlpatterns as site_urlpatterns

FORM_PAGE = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Send</button></form>'
)


@cache_public_page
def form_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FORM_PAGE.render(request=request))


def form_post(request: HttpRequest) -> HttpResponse:
    return HttpResponse("accepted")


urlpatterns = [
    path("form/", form_page),
    path("post/", form_post),
    *site_urlpatterns,
]
