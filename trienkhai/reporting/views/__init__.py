"""Periodic reporting pages, split by what they show: `reports` (a unit's own and their
review), `overview` (what the level above reads), `rules` (deadlines and periods)."""

from django.http import Http404

from trienkhai.reporting.models import Period, not_opened_message


def period_or_404(code):
    """The stored period of a code, 404 with a message when it was never opened."""
    try:
        return Period.objects.opened(code)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    except Period.DoesNotExist:
        raise Http404(not_opened_message(code)) from None
