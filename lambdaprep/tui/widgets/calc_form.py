"""A calculator's input form, generated from a :class:`lambdaprep.calc.forms.Form`.

One row per field (label + compact control) with an inline error line under it.
The form never computes anything: it posts :class:`CalcForm.Edited` whenever a
value changes, and the screen marks errors with :meth:`CalcForm.show_error`.
"""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select, Static

from lambdaprep.calc.forms import Field, Form

PRESET_BLANK = "__none__"


class CalcForm(VerticalScroll):
    """Inputs on the left of a calculator tab."""

    DEFAULT_CSS = """
    CalcForm { width: 36; height: 1fr; padding: 0 1 0 0; }
    CalcForm .calc-row { height: 1; }
    CalcForm .calc-label { width: 18; height: 1; color: $text-muted; }
    CalcForm .calc-control { width: 1fr; }
    CalcForm Input.calc-control { height: 1; }
    CalcForm .calc-error { display: none; color: $text-error; height: auto; padding-left: 0; }
    CalcForm .calc-row.-invalid .calc-label { color: $text-error; text-style: bold; }
    CalcForm .calc-row.-invalid Input { color: $text-error; }
    CalcForm .calc-error.-shown { display: block; }
    CalcForm #preset-row { margin-bottom: 1; }
    CalcForm Select.calc-preset > SelectOverlay.-textual-compact {
        border: tall $accent !important;
        background: $panel;
        max-height: 14;
    }
    """

    class Edited(Message):
        """A value changed (typed, toggled, chosen or filled from a preset)."""

        def __init__(self, form: CalcForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> CalcForm:
            return self.form

    def __init__(self, form: Form, values: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = form
        self._initial = form.defaults() | (values or {})
        self._shown: tuple[str | None, str | None] = (None, None)
        self._widgets: dict[str, Any] = {}

    def _wid(self, name: str) -> str:
        return f"{self.spec.name}-{name.replace('_', '-')}"

    def compose(self) -> ComposeResult:
        if self.spec.presets:
            with Horizontal(classes="calc-row", id="preset-row"):
                yield Label("Preset", classes="calc-label")
                yield Select(
                    [(name, name) for name, _ in self.spec.presets],
                    prompt="examples…",
                    compact=True,
                    classes="calc-control calc-preset",
                    id=self._wid("preset"),
                )
        for field in self.spec.fields:
            with Horizontal(classes="calc-row", id=self._wid(field.name) + "-row"):
                yield Label(Text(field.label), classes="calc-label")
                yield self._control(field, self._initial.get(field.name, field.default))
            yield Static("", classes="calc-error", id=self._wid(field.name) + "-error", markup=False)

    def _control(self, field: Field, value: str) -> Any:
        wid = self._wid(field.name)
        tooltip = field.help or None
        if field.kind == "bool":
            return Checkbox("", value=field.parse(value), compact=True, classes="calc-control", id=wid, tooltip=tooltip)
        if field.kind == "choice":
            return Select([(c, c) for c in field.choices], value=value, allow_blank=False, compact=True, classes="calc-control",
                          id=wid, tooltip=tooltip)
        placeholder = "auto" if field.optional else ""
        return Input(value, placeholder=placeholder, compact=True, classes="calc-control", id=wid, tooltip=tooltip)

    def on_mount(self) -> None:
        if self.spec.presets:
            # The preset names are longer than the form is wide: the list opens wide enough to
            # read them on one line each (it is an overlay, kept on screen by its constrain rule).
            longest = max(len(name) for name, _ in self.spec.presets)
            overlay = self.query_one(f"#{self._wid('preset')}").query_one("SelectOverlay")
            overlay.styles.width = longest + 4
        # Look the controls up once: values() runs on every keystroke.
        for field in self.spec.fields:
            wid = self._wid(field.name)
            self._widgets[field.name] = (
                self.query_one(f"#{wid}"),
                self.query_one(f"#{wid}-row"),
                self.query_one(f"#{wid}-error", Static),
            )

    # ------------------------------------------------------------ values

    def values(self) -> dict[str, str]:
        """The current text of every field (booleans as yes/no)."""
        out: dict[str, str] = {}
        for field in self.spec.fields:
            widget = self._widgets[field.name][0] if self._widgets else self.query_one(f"#{self._wid(field.name)}")
            if isinstance(widget, Checkbox):
                out[field.name] = "yes" if widget.value else "no"
            elif isinstance(widget, Select):
                out[field.name] = str(widget.value)
            else:
                out[field.name] = cast(Input, widget).value
        return out

    def set_values(self, values: dict[str, str]) -> None:
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            for field in self.spec.fields:
                if field.name not in values:
                    continue
                widget = self.query_one(f"#{self._wid(field.name)}")
                text = values[field.name]
                if isinstance(widget, Checkbox):
                    widget.value = bool(field.parse(text))
                elif isinstance(widget, Select):
                    widget.value = text
                else:
                    widget.value = text  # type: ignore[attr-defined]
        self.post_message(self.Edited(self))

    def show_error(self, field_name: str | None, message: str | None) -> None:
        """Mark one field invalid with ``message`` (or clear all marks when ``message`` is None).

        Only widgets whose state changes are touched: an update costs a layout pass.
        """
        new = (field_name, message) if message is not None else (None, None)
        if new == self._shown:
            return
        old_field, _ = self._shown
        self._shown = new
        for name in {old_field, new[0]} - {None}:
            if name not in self._widgets:
                continue
            _, row, err = self._widgets[name]
            bad = name == new[0]
            row.set_class(bad, "-invalid")
            err.set_class(bad, "-shown")
            err.update(Text(message or "") if bad else "")

    def has_field(self, name: str | None) -> bool:
        return name is not None and any(f.name == name for f in self.spec.fields)

    # ------------------------------------------------------------ events

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _edited(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Edited(self))

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == self._wid("preset"):
            if event.value is not Select.BLANK:
                self.set_values(self.spec.preset(str(event.value)))
            return
        self.post_message(self.Edited(self))
