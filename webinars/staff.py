"""The webinars' staff group: event coordinators run the webinars and their registrations."""

from forus.staff import ALL_ACTIONS

EVENT_COORDINATORS = "Event coordinators"

# What event coordinators may do on the webinars' models; its migrations grant it.
EVENT_COORDINATORS_PERMISSIONS = {
    "webinar": ALL_ACTIONS,
    "speaker": ALL_ACTIONS,
    "webinarspeaker": ALL_ACTIONS,
    "webinarresource": ALL_ACTIONS,
    # Registrations come from the public form only; staff see, cancel,
    # export and (on request) delete them.
    "registration": ("view", "change", "delete"),
    # Accommodation requests come with registrations; staff arrange them.
    "accommodationrequest": ("view", "change"),
}
