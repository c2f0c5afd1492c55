"""``doorbraak stop``: record that a case stopped, at any step: the ``gestopt`` record, ``status: gestopt``
and a ``reis`` event ``gestopt``.

The reason is one of the method's fixed list (``model/vocabulary.STOP_REASONS``), which the funnel of the
report counts per stage. A case stopped before a plan needs nothing else; a stopped case that lacked its
reason gets it. The edit is check/edit.py's: locked, only the additions and the status in the diff, read back
and checked, and a refusal changes nothing. Stopping a case that already stopped, or with a date before the
journey's last event, is refused unless ``--force``.
"""

from __future__ import annotations

from datetime import date

from . import EXIT_USAGE, Io, edit_day, finish_edit


def run(io: Io, case_path: str, reden: str, datum: str | None = None, toelichting: str | None = None,
        force: bool = False, today: date | None = None) -> int:
    from ..check import lifecycle
    from ..check.edit import Literal, Refusal, edit_case
    from ..model.vocabulary import STOP_REASON_LABELS, STOP_REASONS, STOPPED
    from ..source.sops import is_sealed

    word = "-".join(reden.strip().lower().replace("_", " ").split())
    if word not in STOP_REASONS:
        choices = ", ".join(f"{r} ({STOP_REASON_LABELS[r]})" for r in STOP_REASONS)
        io.message(f"doorbraak stop: --reden '{reden}' kan niet; kies uit: {choices}")
        return EXIT_USAGE
    when = edit_day(io, "stop", datum, today or date.today())
    if when is None:
        return EXIT_USAGE

    def change(splice):
        record = splice.data.get("gestopt")
        if splice.data.get("status") == STOPPED and isinstance(record, dict) and record.get("reden") and not force:
            raise Refusal(f"de casus is al gestopt ({record.get('reden')}); wilt u de reden of datum veranderen, "
                          "geef dan --force", at=("gestopt", "reden"))
        lifecycle.check_step(splice.data, STOPPED, when, force)
        block = {"datum": Literal(when.isoformat()), "reden": word}
        if toelichting:
            block["toelichting"] = " ".join(toelichting.split())
        if splice.data.get("status") != STOPPED:
            splice.set((), "status", STOPPED)
        splice.block("gestopt", block)
        if not any(isinstance(e, dict) and e.get("gebeurtenis") == STOPPED for e in splice.data.get("reis") or ()):
            # the event repeats the reason in words; in an encrypted case a 'toelichting' is story, which would
            # need the key, while the reason is readable in 'gestopt.reden' already
            label = None if is_sealed(splice.data) else STOP_REASON_LABELS[word]
            lifecycle.record(splice, STOPPED, when, toelichting=label)

    outcome = edit_case(case_path, change, "stop niet vastgelegd")
    return finish_edit(io, outcome, f"{case_path}: gestopt op {when.isoformat()} ({STOP_REASON_LABELS[word]})")
