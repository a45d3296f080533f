"""The campaign's staff group: editors keep the pillars and the pages up to date."""

from forus.staff import ALL_ACTIONS, VIEW_CHANGE

EDITORS = "Editors"

# What editors may do on the campaign's content; its migrations grant it.
EDITORS_PERMISSIONS = {
    "pillar": VIEW_CHANGE,
    "page": VIEW_CHANGE,
    "waytoact": ALL_ACTIONS,
    "organisationdetails": VIEW_CHANGE,
    "contactmessage": (*VIEW_CHANGE, "delete"),
}
