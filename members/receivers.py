"""Keep object permissions in step with role assignments on every save path.

This is the one place signals are used: a role assignment can be written by the admin form, an
admin inline, a bulk delete, a service or the shell, and each must change the person's
permissions at once. The rules themselves live in members.permissions.
"""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver

from . import permissions
from .models import RoleAssignment


@receiver(pre_save, sender=RoleAssignment)
def _remember_previous_pair(sender, instance: RoleAssignment, raw: bool = False, **kwargs) -> None:
    instance._previous_pair = None
    if instance.pk and not raw:
        instance._previous_pair = (
            RoleAssignment.objects.filter(pk=instance.pk).values_list("user_id", "committee_id").first()
        )


@receiver(post_save, sender=RoleAssignment)
def _reconcile_after_save(sender, instance: RoleAssignment, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixtures carry their own permission rows
        return
    pairs = {(instance.user_id, instance.committee_id)}
    previous = getattr(instance, "_previous_pair", None)
    if previous:
        pairs.add(previous)
    for user_id, committee_id in pairs:
        permissions.reconcile_user_committee(user_id=user_id, committee_id=committee_id)


@receiver(post_delete, sender=RoleAssignment)
def _reconcile_after_delete(sender, instance: RoleAssignment, **kwargs) -> None:
    permissions.reconcile_user_committee(user_id=instance.user_id, committee_id=instance.committee_id)


@receiver(post_migrate, dispatch_uid="members.reconcile_after_migrate")
def _reconcile_after_migrate(sender, app_config=None, using: str = "default", **kwargs) -> None:
    """After `migrate`: the roles may have gained permissions (a new codename in the role table,
    created by auth's own post_migrate handler, which runs first), so grant them now rather than
    at the next daily reconcile. Runs once, for this app; an empty database reconciles nothing."""
    if app_config is None or app_config.label != "members":
        return
    if not RoleAssignment.objects.using(using).exists():
        return
    permissions.reconcile_all()
