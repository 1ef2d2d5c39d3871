#!/bin/sh
# Starts a throw-away Redmine (Debian package `redmine` + `redmine-sqlite`) on 127.0.0.1 for the
# ticket integration test, and prints three lines on stdout once it answers:
#   url=http://127.0.0.1:PORT   key=ADMIN_API_KEY   project=IDENTIFIER   pid=SERVER_PID
# Needs ruby-webrick (a dependency of the Debian package set here).
# Usage: Tools/redmine-test-server.sh WORKDIR [PORT]     (stop it with: kill PID)
# The package's own database is copied, never written: the copy lives in WORKDIR and is used
# through DATABASE_URL. REST API enabled and the admin API key created with `rails runner`.
# Start-up is bounded (REDMINE_START_TIMEOUT seconds, default 120); exit 1 with a reason otherwise.
set -eu
work=${1:?usage: redmine-test-server.sh WORKDIR [PORT]}
port=${2:-0}
root=/usr/share/redmine
seed=/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default
timeout=${REDMINE_START_TIMEOUT:-120}
[ -x "$root/bin/rails" ] || { echo "redmine-test-server: Debian package redmine not installed (apt-get install redmine redmine-sqlite)" >&2; exit 1; }
[ -r "$seed" ] || { echo "redmine-test-server: no seeded SQLite database at $seed (package redmine-sqlite)" >&2; exit 1; }
mkdir -p "$work"
cp "$seed" "$work/redmine.sqlite3"
if [ "$port" = 0 ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
fi
export RAILS_ENV=production DATABASE_URL="sqlite3:$work/redmine.sqlite3" RAILS_LOG_TO_STDOUT=
cd "$root"
# One runner: REST on, an admin API key, a project with the tracker the test files into.
"$root/bin/rails" runner '
Setting.rest_api_enabled = "1"
admin = User.find_by_login("admin")
key = admin.api_key
project = Project.find_by_identifier("pcap-report") || Project.create!(name: "pcap-report", identifier: "pcap-report", is_public: false)
tracker = Tracker.first || Tracker.create!(name: "Bug", default_status: (IssueStatus.first || IssueStatus.create!(name: "New")))
project.trackers << tracker unless project.trackers.include?(tracker)
project.enabled_module_names = (project.enabled_module_names + ["issue_tracking"]).uniq
project.save!
IssueStatus.create!(name: "New") if IssueStatus.count == 0
IssuePriority.create!(name: "Normal", is_default: true) if IssuePriority.count == 0
File.write(ARGV[0], key)
' "$work/api-key" > "$work/runner.log" 2>&1 || { echo "redmine-test-server: rails runner failed: $(tail -3 "$work/runner.log" | tr '\n' ' ')" >&2; exit 1; }
# The package runs under Passenger; for a test, WEBrick (package ruby-webrick, not in Redmine's
# Gemfile, hence the load path) serves the app in one process. Attachments go to WORKDIR/files.
mkdir -p "$work/files"
"$root/bin/rails" runner '
$LOAD_PATH.unshift(*Dir["/usr/share/rubygems-integration/all/gems/webrick-*/lib"])
require "webrick"
require "rack/handler/webrick"
Attachment.storage_path = ARGV[0]
Rack::Handler::WEBrick.run(Rails.application, Host: "127.0.0.1", Port: Integer(ARGV[1]))
' "$work/files" "$port" > "$work/server.log" 2>&1 &
pid=$!
waited=0
until python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/projects.json', timeout=2)" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "redmine-test-server: server exited: $(tail -3 "$work/server.log" | tr '\n' ' ')" >&2; exit 1; fi
    waited=$((waited + 1))
    if [ "$waited" -ge "$timeout" ]; then kill "$pid"; echo "redmine-test-server: no answer within $timeout s" >&2; exit 1; fi
    sleep 1
done
echo "url=http://127.0.0.1:$port"
echo "key=$(cat "$work/api-key")"
echo "project=pcap-report"
echo "pid=$pid"
echo "startup=${waited}s" >&2
