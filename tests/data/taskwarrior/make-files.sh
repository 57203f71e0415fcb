#!/bin/sh
# Makes tw262-scenarios.json and tw262-from-legacy-input.json with the real Taskwarrior
# (Debian's taskwarrior 2.6.2) in a private, throw-away TASKDATA/TASKRC.  The files in
# this folder were made by running this script once (see README.md); the tests use the
# saved files, so they do not change when it is run again (new uuids and times).
#
#   sh tests/data/taskwarrior/make-files.sh tests/data/taskwarrior
set -eu
out=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=Europe/Helsinki TASKRC="$work/taskrc" TASKDATA="$work/data"
cp "$here/taskrc-udas" "$TASKRC"
echo "data.location=$TASKDATA" >> "$TASKRC"
task --version

# wait: one hidden until a date, one 'someday'; a wait already over
task add "Renew the passport" wait:2099-01-01 due:2099-02-01 project:Admin
task add "Learn the cello" wait:someday
task add "Wait is over" wait:2026-01-10 due:2026-01-20
# scheduled, until, UDAs of each type (duration, string with values, numeric, date)
task add "Estimate the garden" scheduled:2026-07-15 until:2099-12-31 estimate:PT3H \
  size:M points:5 planned:2026-07-01 project:Home.Garden
# start / stop / start again: journal.time writes repeated annotations
task add "Write the report" due:2026-12-24T15:00 priority:H
task /report/ start
task /report/ stop
task /report/ start
# the same annotation text twice
task add "Call the bank" +@home +v1.2 +SEM +Über project:home
task /bank/ annotate "call back"
task /bank/ annotate "call back"
# projects that differ only in case; date-only dues on both sides of DST
task add "Summer day" due:2026-07-01 project:Home
task add "Winter day" due:2026-12-01 project:HOME
task add "Spring forward" due:2026-03-29 project:Home
task add "Fall back" due:2026-10-25T02:30 project:Home
# dependencies, one of them removed again later
task add "Buy the bike" +errand priority:M
task add "Ride the bike" depends:"$(task /Buy/ uuids)"
task add "Clean the bike"
task /Ride/ modify depends:"$(task /Buy/ uuids),$(task /Clean/ uuids)"
task /Ride/ modify depends:-"$(task /Clean/ uuids)"
# recurring: template + instances (parent, imask, mask), one done, one deleted
task add "Water the plants" due:2026-11-09 recur:weekly project:Home +chores
task list >/dev/null  # lets Taskwarrior create the instances
task /plants/ status:pending due:2026-11-09 done
task /plants/ status:pending due:2026-11-16 delete
task add "Pay the rent" due:2026-11-01 recur:monthly until:2027-06-30
task list >/dev/null
# a done task, a deleted task
task add "Old chore"
task /chore/ done
task add "Bad idea"
task /idea/ delete
# what the command line cannot type: newlines, runs of spaces, a tag with ':', a
# 600-character description; imported, then exported by Taskwarrior itself
long=$(printf 'word%.0s ' $(seq 1 120))
printf '[{"description":"Two  spaces\\nand a second line","tags":["a:b","x.y"],"entry":"20260301T100000Z"},{"description":"%s","entry":"20260301T100000Z"}]' \
  "$long" | task import -
task list >/dev/null
task export > "$out/tw262-scenarios.json"

# Legacy forms Taskwarrior 2.6.2 still accepts on import (checked here: the import
# must succeed): tags and depends as comma strings, epoch-second dates, a local time
# without Z, a record without a uuid, status waiting.
rm -rf "$TASKDATA"
task import "$here/legacy-input.json"
task export > "$out/tw262-from-legacy-input.json"
