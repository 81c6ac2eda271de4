from __future__ import annotations

import base64
from io import BytesIO
from typing import cast

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.forms import LoginForm, TokenForm
from danvan.accounts.models import User
from danvan.accounts.services import confirm_totp_device, pending_totp_device
from danvan.audit.services import record_write


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/staff/"


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a code from a confirmed device, or set up the first device."""
    user = cast(User, request.user)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = TokenForm(request.POST or None)
    if confirmed is not None:
        if request.method == "POST" and form.is_valid():
            device = next(
                (
                    d
                    for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                    if d.verify_token(form.cleaned_data["token"])
                ),
                None,
            )
            if device is not None:
                otp_login(request, device)
                record_write(actor=user, action="accounts.2fa.verify", target=user)
                return redirect(_safe_next(request))
            form.add_error("token", _("The code is wrong or has expired. Try the next one."))
        return render(
            request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
        )
    device = pending_totp_device(user=user)
    if request.method == "POST" and form.is_valid():
        if confirm_totp_device(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is now on for your account."))
            return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has expired. Try the next one."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": secret,
            "qr_svg": _qr_svg(device.config_url),
            "next": _safe_next(request),
        },
    )
