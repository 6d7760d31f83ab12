"""Django admin for casework rows: read-only. Every change to casework goes through the services
(locks, status rules, history), so the admin may show rows and their history but never add,
change or delete them, nor revert history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from casework.models import Answer, Case, Interview, QAComment


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_history_permission(self, request, obj=None) -> bool:
        return False  # hides "Revert" and refuses the history form's POST


@admin.register(Case)
class CaseAdmin(ReadOnlyHistoryAdmin):
    list_display = ["ref", "inspection", "case_type", "status", "assigned_to"]
    list_filter = ["status", "case_type"]
    search_fields = ["ref"]
    list_select_related = ["inspection__pdu", "assigned_to"]
    readonly_fields = ["version"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyHistoryAdmin):
    list_display = ["case", "item", "value", "updated_by", "updated_at"]
    list_select_related = ["case", "item", "updated_by"]
    search_fields = ["case__ref", "item__code"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ["case", "held_on", "grade", "outcome"]
    list_select_related = ["case"]


@admin.register(QAComment)
class QACommentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["case", "item", "author", "created_at", "resolved_at"]
    list_select_related = ["case", "item", "author"]
