"""A public form that queues an email, for testing the shared form plumbing."""

from django import forms
from django.db import transaction
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from forus.outbox.services import email_queue
from forus.public_forms import PublicForm, PublicFormView
from forus.urls import handler400  # noqa: F401 - this URLconf stands in for the site's
from forus.urls import urlpatterns as site_urlpatterns

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Check</h1>'
    '<form id="{{ public_form_id }}" method="post" novalidate>{% csrf_token %}'
    '{% include "includes/form_errors.html" %}{% include "includes/form_fields.html" %}'
    "<button>Send</button></form>{% endblock %}"
)


class CheckForm(PublicForm):
    email = forms.EmailField(label="Email address")
    name = forms.CharField(label="Name", max_length=100)


class CheckView(PublicFormView):
    form_class = CheckForm
    rate_limit_group = "test-check"
    rate_limit = "3/m"
    success_url = "/sent/"

    def form_valid(self, form: CheckForm) -> HttpResponse:
        with transaction.atomic():
            email_queue(
                to=form.cleaned_data["email"],
                template="outbox/email/check",
                context={"queued_at": form.cleaned_data["name"]},
            )
        return super().form_valid(form)

    def render_to_response(self, context: dict, **kwargs: object) -> TemplateResponse:
        return TemplateResponse(self.request, PAGE, context, **kwargs)


urlpatterns = [
    path("check/", CheckView.as_view()),
    path("sent/", lambda request: HttpResponse("Thank you, it is on its way.")),
    *site_urlpatterns,
]
