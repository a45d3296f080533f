from django.urls import path

from forus.outbox.webhooks import tracking_webhook

app_name = "outbox"
urlpatterns = [
    # The address anymail's own URLs give it, for the provider's settings page.
    path("anymail/<slug:provider>/tracking/", tracking_webhook, name="tracking_webhook"),
]
