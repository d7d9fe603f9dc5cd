"""Audit events: who did what to whose record, append-only and hash-chained."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Listed")
        SEARCH = "search", _("Found in a search")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        ENROLL = "enroll", _("Enrolled")
        STATUS = "status", _("Moved along the flow")
        ASSIGN = "assign", _("Assigned")
        SETTINGS = "settings", _("Changed settings")
        STAFF = "staff", _("Changed staff or roles")
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_OUT = "sign_out", _("Signed out")
        TOKEN = "token", _("API token")
        SIGN = "sign", _("Signed")
        REVOKE = "revoke", _("Revoked")
        DELETE = "delete", _("Removed")
        SEND = "send", _("Sent")
        DISCLOSE = "disclose", _("Shared under a consent")
        CHECKED = "checked", _("Checked as current")
        UPLOAD = "upload", _("Uploaded")
        IMPORT = "import", _("Imported")
        EXPORT = "export", _("Exported")
        MFA_ENROL = "mfa_enrol", _("Set up a second sign-in step")
        MFA_RECOVERY_USED = "mfa_recovery_used", _("Signed in with a recovery code")
        MFA_RECOVERY_CODES = "mfa_recovery_codes", _("Made new recovery codes")
        MFA_REMOVE = "mfa_remove", _("Turned off the second sign-in step")
        MFA_RESET = "mfa_reset", _("Reset someone's second sign-in step")
        ANCHOR = "anchor", _("Sealed the trail's chains")

    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT
    )
    chain = models.PositiveBigIntegerField(
        help_text=_("Which hash chain: one shard of an organization's trail (see audit/chain.py).")
    )
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64, blank=True)
    participant = models.ForeignKey(
        "participants.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["participant", "at"], name="audit_participant_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_id}"


class AuditChain(models.Model):
    """The head of one chain (one shard of an organization's trail): the row a writer
    locks to append to that chain in order."""

    chain = models.PositiveBigIntegerField(unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"chain {self.chain} at #{self.seq}"
