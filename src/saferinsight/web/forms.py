"""The web forms (flask-wtf: every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

__all__ = [
    "ActionForm",
    "CodeForm",
    "NewPasswordForm",
    "SignInForm",
    "SignOutForm",
]


class SignInForm(FlaskForm):  # type: ignore[misc]
    """User name and password."""

    username = StringField("User name", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class CodeForm(FlaskForm):  # type: ignore[misc]
    """The six-digit code from an authenticator app."""

    code = StringField("Code", validators=[DataRequired(), Length(min=6, max=8)])


class NewPasswordForm(FlaskForm):  # type: ignore[misc]
    """The current password and a new one, twice."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    again = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new", message="The two new passwords differ.")],
    )


class SignOutForm(FlaskForm):  # type: ignore[misc]
    """Nothing but the CSRF token: signing out is a POST."""


class ActionForm(FlaskForm):  # type: ignore[misc]
    """An action owner's report on an action: its status, evidence, and the version read."""

    status = SelectField("Status", validators=[DataRequired()])
    evidence = TextAreaField("Evidence of impact", validators=[Optional(), Length(max=4000)])
    version = IntegerField(validators=[DataRequired()])
