"""Widgets every app may use; they carry data only (the look is in templates/tailwind/)."""

from django import forms


class RadioCards(forms.RadioSelect):
    """Radio choices drawn as cards, each with a one-line hint under its label
    (templates/tailwind/layout/radioselect.html): `RadioCards(hints={value: text})`."""

    def __init__(self, attrs=None, choices=(), *, hints=None):
        super().__init__(attrs, choices)
        self.hints = dict(hints or {})

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.hints = dict(self.hints)
        return copy

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        return option


class CompactRadioSelect(forms.RadioSelect):
    """Radio choices as plain rows of small text, for a menu (the report menu) where the
    bordered rows would not fit (templates/tailwind/layout/radioselect.html)."""

    compact = True


class CheckboxRows(forms.CheckboxSelectMultiple):
    """Checkboxes as bordered rows, the ticked ones highlighted, like the radio rows (a quiz's
    "choose all that apply"; templates/tailwind/layout/checkboxselectmultiple.html)."""

    rows = True


class PromptSelect(forms.Select):
    """A select whose empty choice is a prompt ("Move to…"): shown first and selected, but
    disabled, so it cannot be chosen again (a change posts one of the real choices)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in ("", None):
            option["attrs"]["disabled"] = True
        return option
