"""Operators (superusers) manage accounts in the Django admin: the Casebook account facts inline,
and a password set here must be changed by the user at their next sign-in."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from accounts.models import Account
from accounts.services import password_must_change, password_set_by_admin

User = get_user_model()


class AccountInline(admin.StackedInline):
    model = Account
    can_delete = False
    fields = ["is_admin", "must_change_password"]


class OperatorPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit: bool = True):
        password = self.cleaned_data.get("password1")
        if commit and password and self.cleaned_data.get("set_usable_password", True):
            return password_set_by_admin(user=self.user, password=password)
        return super().save(commit=commit)


admin.site.unregister(User)


@admin.register(User)
class CasebookUserAdmin(UserAdmin):
    inlines = [AccountInline]
    change_password_form = OperatorPasswordChangeForm

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            password_must_change(user=obj)  # the operator chose it: the user replaces it
