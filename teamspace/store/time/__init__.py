"""The Time pane's store: timers, time entries, reports, suggestions from the activity
log, week timesheets, and Watson/Timewarrior interop (docs/time.md)."""
