"""Sign-in pages, the user's own account, and organisations' member management."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts import actions
from putokaz.accounts.access import get_membership_for_user, get_organisation_for_user
from putokaz.accounts.forms import (
    MemberAddForm,
    OrganisationForm,
    PasswordResetRequestForm,
    ProfileForm,
    RoleChangeForm,
    SignInForm,
)
from putokaz.accounts.models import AuthenticatedRequest, Membership, Organisation
from putokaz.accounts.tokens import invitation_token_generator
from putokaz.audit.filters import AccessLogFilterForm
from putokaz.audit.models import AccessLog, Action
from putokaz.audit.records import log_access
from putokaz.core.concurrency import VersionedModelForm, form_with_current_version

ACCESS_LOG_PAGE_SIZE = 50

sign_in = auth_views.LoginView.as_view(
    authentication_form=SignInForm, redirect_authenticated_user=True
)
sign_out = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    success_url=reverse_lazy("accounts:password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view()
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetRequestForm,
    success_url=reverse_lazy("accounts:password_reset_done"),
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
invitation = auth_views.PasswordResetConfirmView.as_view(
    token_generator=invitation_token_generator,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The start page: the user's organisations and roles, with what each role can do."""
    memberships = (
        Membership.objects.active().filter(user=request.user).select_related("organisation")
    )
    return render(request, "accounts/home.html", {"memberships": memberships})


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect(f"{request.path}?lang={form.instance.language}")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    organisations = Organisation.objects.visible_to(request.user)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    members = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "role")
    )
    log_access(actor=request.user, action=Action.VIEW, obj=organisation, request=request)
    can_manage = request.user.has_perm("accounts.manage_members", organisation)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "can_manage": can_manage,
            "can_edit_guide": request.user.has_perm("directory.edit_services", organisation),
            "role_form": RoleChangeForm(acting_user=request.user) if can_manage else None,
            "municipalities": organisation.municipalities.all(),
        },
    )


@login_required
def organisation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, manage=True)
    form: VersionedModelForm = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields}
        try:
            actions.organisation_update(
                organisation=organisation,
                data=data,
                version=form.cleaned_data["version"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            # Show the current version (the other person's), with the error; keep nothing silently.
            organisation.refresh_from_db()
            form = form_with_current_version(OrganisationForm, organisation, error)
        else:
            messages.success(request, _("The organisation's details were saved."))
            return redirect(organisation)
    return render(
        request, "accounts/organisation_edit.html", {"organisation": organisation, "form": form}
    )


@login_required
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, manage=True)
    form = MemberAddForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.membership_add(
                organisation=organisation,
                acting_user=request.user,
                site_url=request.build_absolute_uri("/"),
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(email)s was added as %(role)s.")
                % {"email": membership.user.email, "role": membership.get_role_display()},
            )
            return redirect(organisation)
    return render(request, "accounts/member_add.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def member_change_role(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, manage=True)
    membership = get_membership_for_user(request.user, organisation, membership_pk)
    form = RoleChangeForm(request.POST, acting_user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered roles."))
        return redirect(organisation)
    try:
        changed = actions.membership_change_role(
            membership=membership,
            role=form.cleaned_data["role"],
            acting_user=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": changed.user, "role": changed.get_role_display()},
        )
    return redirect(organisation)


@login_required
def member_end(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk, manage=True)
    membership = get_membership_for_user(request.user, organisation, membership_pk)
    if request.method == "POST":
        try:
            actions.membership_end(membership=membership, acting_user=request.user, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is no longer %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
        return redirect(organisation)
    return render(
        request,
        "accounts/member_end.html",
        {"organisation": organisation, "membership": membership},
    )


@login_required
def organisation_access_log(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The access log of the organisation's records, for its administrators."""
    organisation = get_organisation_for_user(request.user, pk)
    if not request.user.has_perm("audit.view_organisation_log", organisation):
        raise PermissionDenied(_("Only the organisation's administrators may read its access log."))
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLog.objects.for_organisation(organisation).select_related("content_type")
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    template = "accounts/organisation_access_log.html"
    return render(
        request,
        f"{template}#entries" if request.htmx else template,
        {"organisation": organisation, "form": form, "page": page},
    )
