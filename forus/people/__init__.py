"""My For Us All: one emailed link to see, change, export and erase what a person gave the site.

forus names no feature: each app registers what it holds for an email
address (`forus.people.registry`), and this app shows, exports and erases
it all, for the person (by an emailed link) and for staff (in admin).
"""
