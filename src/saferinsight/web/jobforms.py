"""The forms of the data and report pages (flask-wtf: each carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

__all__ = ["DecisionForm", "ReportForm", "UploadForm"]


class UploadForm(FlaskForm):  # type: ignore[misc]
    """A partner file, the dataset it is, and who sent it."""

    dataset = SelectField("Dataset", validators=[DataRequired()])
    agency = StringField("Agency that sent it", validators=[Optional(), Length(max=200)])
    area = StringField("Area of rows that name none", validators=[Optional(), Length(max=200)])
    period = StringField("Period it covers", validators=[Optional(), Length(max=20)])
    file = FileField("File (CSV or Excel .xlsx)", validators=[FileRequired("Choose a file.")])


class DecisionForm(FlaskForm):  # type: ignore[misc]
    """Accept or cancel a staged upload: the button pressed says which."""

    decision = StringField(validators=[DataRequired()])


class ReportForm(FlaskForm):  # type: ignore[misc]
    """Which report, for what, in which edition and formats."""

    report = SelectField("Report", validators=[DataRequired()])
    area = SelectField("Area", validators=[DataRequired()])
    period = SelectField("Financial year", validators=[DataRequired()])
    edition = RadioField("Edition", validators=[DataRequired()])
    formats = SelectMultipleField(
        "Formats",
        validators=[DataRequired("Choose one or more formats.")],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
