from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class MemberAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "membership_status", "is_staff"]
    list_filter = ["membership_status", "groups", "is_staff", "is_active"]
    fieldsets = UserAdmin.fieldsets + (
        (
            "Community",
            {"fields": ["position", "organisation", "oblast", "hromada", "bio", "language", "membership_status", "membership_note"]},
        ),
    )
