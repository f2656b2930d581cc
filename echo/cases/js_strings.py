"""The words the case form's scripts show (static/js/case-form.js, autosave.js, case-sections.js),
in the request's language.

The page renders them as JSON (templates/cases/form.html, #strings-cases) and the scripts read
them with static/js/case-strings.js, which also fills the %(name)s placeholders; the English
here is the scripts' former wording, so English pages read exactly as before.
"""
from __future__ import annotations

from flask_babel import get_translations
from flask_babel import gettext as _

from echo.privacy import KINDS, kind_name


def _plural(singular: str, plural: str) -> dict[str, str]:
    """Both forms with the %(num)s placeholder kept for the script (n == 1 takes "one": true of
    English, Spanish and French for the counts shown, which start at 1). Unformatted, so not
    through ngettext; the pair is extracted from templates/cases/_privacy_panel.html."""
    t = get_translations()
    return {"one": t.ungettext(singular, plural, 1), "other": t.ungettext(singular, plural, 2)}


def case_form_strings() -> dict:
    return {
        # case-form.js: the privacy panel
        "finding_in": _("%(finding)s in %(field)s: %(text)s"),
        "show_in_text": _("Show in the text"),
        "fix_or_save": _("Fix it, or save the draft to dismiss it with a reason."),
        "why_not_identifier": _("Why is this not an identifier?"),
        "dismiss_with_reason": _("Dismiss with reason"),
        "unresolved": _plural("%(num)s possible identifier to fix or dismiss before submitting.",
                              "%(num)s possible identifiers to fix or dismiss before submitting."),
        "none_unresolved": _("No unresolved identifiers found."),
        "check_failed": _("Could not check for identifiers just now; they will be checked when you save."),
        "dismiss_failed": _("Could not dismiss."),
        "dismiss_failed_now": _("Could not dismiss just now; try again."),
        "dismissed": _("%(kind)s in %(field)s: dismissed. Reason: %(reason)s"),
        "kinds": {kind: kind_name(kind) for kind in KINDS},
        # case-sections.js
        "section_of": _("Section %(current)s of %(total)s: %(heading)s"),
        # autosave.js
        "restore_newer": _("This device kept changes from %(when)s that were not saved. Restore them into the form?"),
        "restore_older": _("This device kept a copy from %(when)s that was never saved; the case was saved since, at "
                           "%(saved)s. Restore that copy instead?"),
        "saving": _("Saving…"),
        "offline": _("Not saved: offline — kept on this device. It will be saved when the connection is back."),
        "new_case_title": _("New case"),
        "edit_case_title": _("Edit case #%(id)s"),
        "saved_new": _("Saved as draft #%(id)s at %(when)s."),
        "saved": _("Saved %(when)s."),
        "saved_new_except": _("Saved as draft #%(id)s at %(when)s, except %(inputs)s: kept on this device until fixed."),
        "saved_except": _("Saved %(when)s, except %(inputs)s: kept on this device until fixed."),
        "input_error": _("%(input)s (%(errors)s)"),
        "list_separator": _(", "),
        "not_saved": _("Not saved: %(problem)s Your text is kept on this device."),
        "changed_elsewhere": _("this case changed elsewhere."),
        "may_not_edit": _("you may not edit this case."),
        "refused": _("the server refused it."),
        "reload": _("Reload"),
        "logged_out": _("Not saved: you are logged out — kept on this device. Log in again in another tab; saving will resume."),
        "server_down": _("Not saved: the server could not save just now — kept on this device. Trying again shortly."),
        "finishing": _("Finishing the autosave…"),
        "not_saved_yet": _("Not saved yet: kept on this device."),
        "autosave_on": _("Autosave is on: changes are saved a few seconds after you stop typing."),
    }
