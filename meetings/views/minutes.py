"""Placeholder until the views are written (this module is being implemented)."""

from django.http import Http404


def __getattr__(name):
    def view(request, **kwargs):
        raise Http404

    return view
