"""A service's refusal (`django.core.exceptions.ValidationError`, by field) shown where
the user typed: on the page's form, or in the API's structured error (api/errors.py)."""

from django.contrib import messages

from trienkhai.core.versions import Stale, show_stale


def show_on_form(form, exc):
    """Each message on its field when the form has it, the others at the top; a stale
    edit with what is stored now beside the user's input (core.versions)."""
    if isinstance(exc, Stale):
        show_stale(form, exc)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def say_refusal(request, exc):
    """A service's refusal of an act posted from a page's small form (a button, an
    upload), said as messages on the page it is redirected back to."""
    for message in exc.messages:
        messages.error(request, message)


def say_form_errors(request, form):
    """A form posted from another page (which is redirected back to): each of its
    errors said on that page as a message, named by its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
