from django.contrib.auth import views as auth_views
from django.shortcuts import render

from trienkhai.accounts.forms import LoginForm
from trienkhai.accounts.lockout import address_locked, minutes_left


class LoginView(auth_views.LoginView):
    """Django's login, refused for an address that has guessed too often."""

    authentication_form = LoginForm

    def post(self, request, *args, **kwargs):
        if address_locked(request):
            context = {"address_locked": True, "minutes": minutes_left()}
            return render(request, "registration/locked_out.html", context, status=429)
        return super().post(request, *args, **kwargs)
