"""What the outbox tells the features, without naming any of them.

A feature that keeps people's addresses connects a receiver in its
AppConfig.ready() and calls its own service from it.
"""

from django.dispatch import Signal

# Sent inside the transaction that suppresses an address (a hard bounce or a
# spam complaint): sender is Suppression; arguments `address` (normalised),
# `reason` (Suppression.Reason) and `suppressed_at`.
address_suppressed = Signal()

# Sent inside the transaction that lifts a suppression: sender is Suppression;
# argument `address`. New emails to it are sent again.
address_suppression_lifted = Signal()
