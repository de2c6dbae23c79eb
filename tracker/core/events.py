"""Domain events that ask someone to act: services send them, the notification domain listens.

Services send after they flush (inside the caller's transaction), so a listener that writes rows writes them
in the same transaction: a rolled-back change leaves no notice behind. Every signal's sender is the main
object; keyword arguments are listed beside it. `actor` is the user who caused the event (None for jobs).
"""
from __future__ import annotations

from blinker import Namespace

events = Namespace()

# sender: Task; actor, unit_ids (units newly given the task), roles {unit_id: role}
task_assigned = events.signal("task-assigned")
# sender: Task; actor, unit_ids (units concerned), changes {field: [before, after]}, amended_by (Document|None)
task_changed = events.signal("task-changed")
# sender: Task; actor, unit_ids (units that lose it), reason
task_withdrawn = events.signal("task-withdrawn")
# sender: Task; actor, unit_id (the claiming unit): completion claimed, waiting for confirmation
task_claimed = events.signal("task-claimed")
# sender: Task; actor, update (TaskUpdate): a unit posted a progress update (a record; corrections are new ones)
task_updated = events.signal("task-updated")
# sender: Task; actor
task_confirmed = events.signal("task-confirmed")
# sender: Task; actor, reason
task_refused = events.signal("task-refused")
# sender: Task; actor, unit_ids, message (đôn đốc)
task_pressed = events.signal("task-pressed")
# sender: Document (a plan saved in tracker, derived or imported); actor, today
plan_saved = events.signal("plan-saved")
# sender: Document (a plan being withdrawn/cancelled or deleted); today. Receivers return {effect: count}
# for the preview said before confirming ("duties", "open_periods", "submissions", ...).
plan_effects = events.signal("plan-effects")
# sender: Document; actor, today, kind ("withdrawn" thu hồi / "cancelled" bãi bỏ): other domains stop their parts
plan_revoked = events.signal("plan-revoked")
# sender: Report; actor, submission (the Submission it was sent as): numbered, frozen and sent upward
report_finalised = events.signal("report-finalised")
# sender: Submission; actor
submission_received = events.signal("submission-received")
# sender: Submission; actor, reason
submission_returned = events.signal("submission-returned")
# sender: Submission; actor
submission_accepted = events.signal("submission-accepted")
# sender: Task; actor, comment (TaskComment), mentioned (user ids named with @ in it)
task_commented = events.signal("task-commented")
