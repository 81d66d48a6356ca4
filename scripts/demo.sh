#!/usr/bin/env bash
# make demo: the provider against the bundled emulator, end to end, on a
# fresh machine with no credentials and nothing installed but Go and
# Terraform (the Makefile builds Terraform when it is missing).
#
# The emulator starts like a real account (-seed realistic): it already holds
# the account's primary product environment, its owner (a master admin) and
# the root access key, which Cloudinary never lets anyone delete. On top of
# them the demo applies examples/complete (3 product environments, 12 users,
# 4 groups, access keys, custom roles and policies, role assignments), proves
# that the next plan is empty, shows the outputs, adopts a user created
# behind Terraform's back with an import block and generated configuration,
# then turns prod's deletion protection off and destroys everything it
# created: afterwards only the seeded objects remain, untouched. Each step
# prints one line with its duration and the API requests it cost (read from
# the emulator's counters).
#
# Everything lives in a temporary directory that is removed on exit, and the
# emulator is stopped whatever happens: the repository is left untouched and
# no process keeps running.
set -euo pipefail

TERRAFORM="${TERRAFORM:-terraform}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cloudinary-demo.XXXXXX")"
emu_pid=""
adopted_email="olivia@example.com"

cleanup() {
	if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
		kill "$emu_pid" 2>/dev/null || true
		wait "$emu_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Only the emulator's settings, never credentials or variables from the
# caller's environment: the demo must not reach a real account by accident,
# and must run the example as written.
for v in $(compgen -e); do
	case "$v" in CLOUDINARY_* | TF_VAR_* | TF_CLI_ARGS* | TF_DATA_DIR | TF_WORKSPACE) unset "$v" ;; esac
done
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

# Timing with sub-second precision where bash has it (bash 5), else seconds.
now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s; fi; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
started="$(now)"
steps=0

# say prints the one line of a step.
say() {
	steps=$((steps + 1))
	printf '==> %s\n' "$*"
}

# fail prints what went wrong, with the end of the step's log, and exits.
fail() {
	printf '==> FAILED: %s\n' "$1" >&2
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		sed 's/^/    /' "$2" | tail -n 60 >&2
	fi
	exit 1
}

# tf runs terraform in the work dir with its output in $tmp/<log>.log and
# returns terraform's exit code (never stopping the script by itself).
tf() {
	local log="$tmp/$1.log"
	shift
	"$TERRAFORM" "$@" -no-color >"$log" 2>&1 && return 0 || return $?
}

for tool in go curl "$TERRAFORM"; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (make demo builds Terraform when it is missing)"
done

# ---------------------------------------------------------------------------
t="$(now)"
(cd "$root" && go build -o "$tmp/bin/terraform-provider-cloudinary" . &&
	go build -o "$tmp/bin/cloudinary-emulator" ./cmd/cloudinary-emulator) >"$tmp/build.log" 2>&1 ||
	fail "go build" "$tmp/build.log"
say "build: provider and emulator compiled in $(since "$t") (into a temporary directory, not the repository)"

# ---------------------------------------------------------------------------
# Port 0: the emulator picks a free loopback port and prints the settings the
# provider needs, as shell exports. set -m gives it a process group of its
# own, so a Ctrl-C reaches terraform (which stops cleanly, its requests
# answered) and not the emulator, which the exit trap stops afterwards.
set -m
"$tmp/bin/cloudinary-emulator" -addr 127.0.0.1:0 -seed realistic >"$tmp/emulator.log" 2>&1 &
emu_pid=$!
set +m
endpoint="" seeded=""
for _ in $(seq 1 100); do
	endpoint="$(sed -n 's/^export CLOUDINARY_ENDPOINT=//p' "$tmp/emulator.log")"
	seeded="$(sed -n 's/^seeded account (realistic): //p' "$tmp/emulator.log")"
	[ -n "$endpoint" ] && [ -n "$seeded" ] && break
	kill -0 "$emu_pid" 2>/dev/null || fail "the emulator exited" "$tmp/emulator.log"
	sleep 0.1
done
[ -n "$endpoint" ] && [ -n "$seeded" ] || fail "the emulator did not start" "$tmp/emulator.log"
eval "$(grep '^export CLOUDINARY_' "$tmp/emulator.log")"
# The seeded objects, as the emulator announced them.
primary_id="$(sed -n 's/.*primary product environment \([0-9a-f]*\),.*/\1/p' <<<"$seeded")"
owner_id="$(sed -n 's/.*owner user \([0-9a-f]*\) .*/\1/p' <<<"$seeded")"
root_key="$(sed -n 's/.*root access key \([0-9]*\);.*/\1/p' <<<"$seeded")"
[ -n "$primary_id" ] && [ -n "$owner_id" ] && [ -n "$root_key" ] || fail "cannot read the seeded objects: $seeded" "$tmp/emulator.log"

stats() { curl -fsS "$endpoint/_emulator/stats"; }
reset_requests() { curl -fsS -X POST "$endpoint/_emulator/stats/reset" >/dev/null; }
requests() { stats | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }
# api GETs a provisioning path with the Account API credentials; ids lists
# the "id" (or, with an argument, that field's) values of a JSON answer.
api() {
	curl -fsS -u "$CLOUDINARY_PROVISIONING_API_KEY:$CLOUDINARY_PROVISIONING_API_SECRET" \
		"$endpoint/v1_1/provisioning/accounts/$CLOUDINARY_ACCOUNT_ID$1"
}
ids() { grep -o "\"${1:-id}\":\"[^\"]*\"" | sed 's/.*:"\(.*\)"/\1/' | sort | tr '\n' ' ' | sed 's/ $//'; }
# leftovers names what the emulator holds besides the seeded objects (the
# primary environment, its root key, the owner): the environments, keys of
# the primary environment and users (read through the API), and the
# collections of the state that still hold objects.
leftovers() {
	local state got
	got="$(api /sub_accounts | ids)"
	[ "$got" = "$primary_id" ] || printf 'product_environments(%s) ' "$got"
	got="$(api "/sub_accounts/$primary_id/access_keys" | ids api_key)"
	[ "$got" = "$root_key" ] || printf 'access_keys(%s) ' "$got"
	got="$(api /users | ids)"
	[ "$got" = "$owner_id" ] || printf 'users(%s) ' "$got"
	state="$(curl -fsS "$endpoint/_emulator/state" | tr -d ' \n\t')"
	for c in user_groups roles custom_policies; do
		case "$state" in *"\"$c\":{}"*) ;; *) printf '%s ' "$c" ;; esac
	done
	case "$state" in *'"assignments":[]'* | *'"assignments":null'*) ;; *) printf 'assignments ' ;; esac
}
[ -z "$(leftovers)" ] || fail "the emulator did not start with only the seeded objects: $(leftovers)"
# seeded_objects is how the API shows them; the demo must leave them as they
# are (updated_at included).
seeded_objects() { api "/sub_accounts/$primary_id" && api "/sub_accounts/$primary_id/access_keys" && api "/users/$owner_id"; }
seeded_before="$(seeded_objects)"
cloud_name="$(api "/sub_accounts/$primary_id" | sed -n 's/.*"cloud_name":"\([^"]*\)".*/\1/p')"
owner_email="$(api "/users/$owner_id" | sed -n 's/.*"email":"\([^"]*\)".*/\1/p')"
say "emulator: listening on $endpoint (pid $emu_pid), account $CLOUDINARY_ACCOUNT_ID seeded like a real one: primary product environment $cloud_name, owner $owner_email (master admin), root access key $root_key"

# ---------------------------------------------------------------------------
# A CLI config of our own, whatever TF_CLI_CONFIG_FILE the environment has:
# dev_overrides points Terraform at the local build.
cat >"$tmp/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "cloudinary-terraform/cloudinary" = "$tmp/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$tmp/terraformrc"
mkdir "$tmp/work"
cp "$root"/examples/complete/*.tf "$tmp/work/"
cd "$tmp/work"

# No `terraform init`: dev_overrides make Terraform load the overridden
# provider straight from $tmp/bin, without installing it or writing a lock
# file, and examples/complete uses no other provider and no module or
# backend, so there is nothing left for init to do (plan and apply would
# only warn that dev_overrides are in effect). With a registry source and no
# overrides, as in examples/complete/README.md, init is needed.
say "init: skipped, dev_overrides load the provider from the local build and the example has no other provider, module or backend"

# ---------------------------------------------------------------------------
reset_requests
t="$(now)"
tf apply apply -auto-approve -input=false || fail "terraform apply" "$tmp/apply.log"
added="$(sed -n 's/^Apply complete! Resources: \([0-9]*\) added.*/\1/p' "$tmp/apply.log")"
say "apply: ${added:-?} resources created in $(since "$t"), $(requests) API requests"

# ---------------------------------------------------------------------------
check_empty_plan() { # $1: log name, $2: what the plan proves
	local t code=0
	reset_requests
	t="$(now)"
	tf "$1" plan -detailed-exitcode -input=false || code=$?
	case "$code" in
	0) say "plan: no changes $2 in $(since "$t"), $(requests) API requests to refresh $(
		"$TERRAFORM" state list | grep -vc '^data\.'
	) resources" ;;
	2) fail "the plan is not empty $2 (terraform plan -detailed-exitcode exited 2)" "$tmp/$1.log" ;;
	*) fail "terraform plan exited $code" "$tmp/$1.log" ;;
	esac
}
check_empty_plan plan "after the apply"

# ---------------------------------------------------------------------------
reset_requests
"$TERRAFORM" output -no-color >"$tmp/output.log" 2>&1 || fail "terraform output" "$tmp/output.log"
say "outputs: $(grep -c '^[a-z_]* = ' "$tmp/output.log") values read from the state, $(requests) API requests:"
sed 's/^/    /' "$tmp/output.log"

# ---------------------------------------------------------------------------
# Someone invites a user in the Console (here: straight through the API, with
# the Account API key and secret as HTTP Basic credentials).
reset_requests
curl -fsS -u "$CLOUDINARY_PROVISIONING_API_KEY:$CLOUDINARY_PROVISIONING_API_SECRET" \
	-H 'Content-Type: application/json' \
	-d "{\"name\":\"Olivia Console\",\"email\":\"$adopted_email\",\"role\":\"media_library_user\"}" \
	"$endpoint/v1_1/provisioning/accounts/$CLOUDINARY_ACCOUNT_ID/users" >"$tmp/curl.log" 2>&1 ||
	fail "creating a user through the API" "$tmp/curl.log"
say "out of band: user $adopted_email created behind Terraform's back with curl, $(requests) API request"

# ---------------------------------------------------------------------------
# Bring it under management: an import block, and Terraform writes the
# resource block for it.
cat >adopt.tf <<TF
import {
  to = cloudinary_user.adopted
  id = "$adopted_email"
}
TF
reset_requests
t="$(now)"
tf import-plan plan -generate-config-out=generated.tf -input=false || fail "terraform plan -generate-config-out" "$tmp/import-plan.log"
[ -s generated.tf ] || fail "terraform wrote no generated.tf" "$tmp/import-plan.log"
summary="$(sed -n 's/^Plan: \(.*\)\.$/\1/p' "$tmp/import-plan.log")"
say "import plan: import block for $adopted_email, its config generated into generated.tf; ${summary:-?} in $(since "$t"), $(requests) API requests"

reset_requests
t="$(now)"
tf import-apply apply -auto-approve -input=false || fail "terraform apply (import)" "$tmp/import-apply.log"
summary="$(sed -n 's/^Apply complete! Resources: \(.*\)\.$/\1/p' "$tmp/import-apply.log")"
say "import apply: ${summary:-?} in $(since "$t"), $(requests) API requests"

check_empty_plan adopted-plan "with generated.tf"

# ---------------------------------------------------------------------------
# prod has deletion_protection: destroying it fails until the protection is
# applied as false (deleting an environment deletes its media).
reset_requests
t="$(now)"
tf unprotect apply -auto-approve -input=false -var prod_deletion_protection=false ||
	fail "terraform apply -var prod_deletion_protection=false" "$tmp/unprotect.log"
summary="$(sed -n 's/^Apply complete! Resources: \(.*\)\.$/\1/p' "$tmp/unprotect.log")"
say "unprotect: apply -var prod_deletion_protection=false: ${summary:-?} in $(since "$t"), $(requests) API requests"

reset_requests
t="$(now)"
tf destroy destroy -auto-approve -input=false -var prod_deletion_protection=false || fail "terraform destroy" "$tmp/destroy.log"
destroyed="$(sed -n 's/^Destroy complete! Resources: \([0-9]*\) destroyed.*/\1/p' "$tmp/destroy.log")"
took="$(since "$t")" spent="$(requests)"
left="$(leftovers)"
[ -z "$left" ] || fail "objects left in the emulator after destroy besides the seeded ones: $left" "$tmp/destroy.log"
[ "$(seeded_objects)" = "$seeded_before" ] || fail "the seeded objects changed: before $seeded_before, after $(seeded_objects)"
say "destroy: ${destroyed:-?} resources destroyed in $took, $spent API requests; only the seeded objects remain, untouched ($cloud_name, $owner_email, root key $root_key)"

# ---------------------------------------------------------------------------
kill "$emu_pid"
wait "$emu_pid" 2>/dev/null || true
kill -0 "$emu_pid" 2>/dev/null && fail "the emulator did not stop"
emu_pid=""
say "emulator: stopped"

say "done: $((steps + 1)) steps in $(since "$started"); nothing left running, temporary files removed on exit"
