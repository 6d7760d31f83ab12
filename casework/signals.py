"""What casework announces to the apps above it. It imports nothing from them: the results
(`reports`) connect to these signals in their AppConfig.ready().

`counted_cases_changed(sender=Case, inspection=..., user=...)` is sent inside the transaction
that changed which cases count or what they say — a submit, return, sign-off or reopen. A
receiver that queues work must do it on commit.
"""

from django.dispatch import Signal

counted_cases_changed = Signal()
