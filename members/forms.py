from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    """What a person may keep up to date about themselves; roles are the administrators'."""

    class Meta:
        model = User
        fields = ["full_name", "position", "phone", "email"]
