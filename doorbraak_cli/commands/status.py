"""``doorbraak status``: move a case on one step: set ``status`` and append the matching ``reis`` event.

The edit is the one every case-editing command makes (check/edit.py): the file
is locked, only the changed status and the new journey event appear in the
diff, the result is read back and checked, and a refusal leaves the file byte
for byte as it was. A step back (``goedgekeurd`` after ``gerealiseerd``), realising
a plan that was not approved, and a date before the journey's last event are refused
unless ``--force`` (check/lifecycle.py).
"""

from __future__ import annotations

from datetime import date

from . import EXIT_USAGE, Io, edit_day, finish_edit

STOPPED_HINT = "een casus stoppen gaat met 'doorbraak stop CASUS --reden REDEN'"


def run(io: Io, case_path: str, status: str, datum: str | None = None, bij: str | None = None,
        toelichting: str | None = None, force: bool = False, today: date | None = None) -> int:
    from ..check import lifecycle
    from ..check.edit import edit_case

    word = status.strip().lower()
    event = lifecycle.STATUS_WORDS.get(word, word)
    if event == "gestopt":
        io.message(f"doorbraak status: {STOPPED_HINT}")
        return EXIT_USAGE
    if event not in lifecycle.EVENT_STATUS:
        io.message(f"doorbraak status: '{status}' kan niet; kies uit: {', '.join(lifecycle.EVENT_STATUS)} "
                   f"({STOPPED_HINT})")
        return EXIT_USAGE
    when = edit_day(io, "status", datum, today or date.today())
    if when is None:
        return EXIT_USAGE

    def change(splice):
        lifecycle.check_step(splice.data, event, when, force)
        lifecycle.record(splice, event, when, bij, toelichting, lifecycle.EVENT_STATUS[event])

    outcome = edit_case(case_path, change, "status niet gezet")
    target = lifecycle.EVENT_STATUS[event]
    done = f"{case_path}: {'status ' + target + ', ' if target else ''}reis: {event} op {when.isoformat()}"
    return finish_edit(io, outcome, done)
