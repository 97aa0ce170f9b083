"""Form widgets shared by the apps."""

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class LongSelect(forms.Select):
    """A <select> for long lists (every municipality of Serbia): options are built in Python,
    escaped like any template output, instead of through one template per option, which
    costs milliseconds on every page that shows the list."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in selected else "", label)
                for option_value, label in self.choices
            ),
        )
        attributes = format_html_join(
            "",
            ' {}="{}"',
            (
                (key, val)
                for key, val in final_attrs.items()
                if val is not False and val is not None and val is not True
            ),
        )
        flags = "".join(f" {key}" for key, val in final_attrs.items() if val is True)
        return format_html("<select{}{}>{}</select>", attributes, SafeString(flags), options)


class DateInput(forms.DateInput):
    """The browser's date picker; the value as ISO (``2026-05-14``), whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker (read with ``input_formats=["%Y-%m-%dT%H:%M"]``)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
