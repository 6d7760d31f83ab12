"""Until now a Casebook admin was a Django staff user: give each active staff user the app role.

Their staff and superuser flags are left as they are: whether someone keeps the Django admin
(an operator's tool) is the operators' decision, and removing it here could lock them out.
"""

from django.conf import settings
from django.db import migrations


def grant(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Account = apps.get_model("accounts", "Account")
    for user_id in User.objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True):
        Account.objects.update_or_create(user_id=user_id, defaults={"is_admin": True})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
