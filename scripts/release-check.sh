#!/usr/bin/env bash
# release-check: validate .goreleaser.yml, then build a snapshot release for a
# single target and check that dist/ holds what the Terraform Registry needs:
# the zip with the versioned binary, SHA256SUMS listing the zip and the
# registry manifest, and a binary built with CGO off, -trimpath and the
# version stamped in. Signing and publishing are skipped.
#
# Environment:
#   GORELEASER            command that runs goreleaser (default: the pinned version via go run)
#   RELEASE_CHECK_TARGET  os_arch to build (default: this machine's)
set -euo pipefail
cd "$(dirname "$0")/.."

GORELEASER=${GORELEASER:-go run github.com/goreleaser/goreleaser/v2@v2.15.1}
RELEASE_CHECK_TARGET=${RELEASE_CHECK_TARGET:-$(go env GOOS)_$(go env GOARCH)}
project=terraform-provider-cloudinary

fail() {
	echo "release-check: $*" >&2
	exit 1
}

echo "==> goreleaser check"
$GORELEASER check

# OSS goreleaser builds a single target only with `goreleaser build`, which
# makes no archives or checksums. So release from a copy of the config whose
# build lists just that target; `targets:` overrides goos/goarch/ignore (goreleaser
# warns about that, which is expected here). Everything else is the real file.
cfg=$(mktemp --suffix=.goreleaser.yml)
trap 'rm -f "$cfg"' EXIT
sed "s/^  - id: provider\$/&\n    targets: [${RELEASE_CHECK_TARGET}]/" .goreleaser.yml >"$cfg"
grep -q "^    targets: \[${RELEASE_CHECK_TARGET}\]\$" "$cfg" ||
	fail "no '  - id: provider' line in .goreleaser.yml to attach the target to"

echo "==> goreleaser release --snapshot for ${RELEASE_CHECK_TARGET}"
$GORELEASER release --config "$cfg" --snapshot --clean --skip=sign,publish

version=$(grep -o '"version": *"[^"]*"' dist/metadata.json | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
[ -n "$version" ] || fail "no version in dist/metadata.json"
goos=${RELEASE_CHECK_TARGET%%_*}
goarch=${RELEASE_CHECK_TARGET#*_}
zip="${project}_${version}_${goos}_${goarch}.zip"
sums="${project}_${version}_SHA256SUMS"
manifest="${project}_${version}_manifest.json"
exe="${project}_v${version}"
[ "$goos" = windows ] && exe="${exe}.exe"

echo "==> checking dist/ for ${version}"
[ -f "dist/${zip}" ] || fail "missing dist/${zip}"
[ -f "dist/${sums}" ] || fail "missing dist/${sums}"

# SHA256SUMS lists exactly the zip and the manifest.
want=$(printf '%s\n' "$manifest" "$zip" | sort)
got=$(awk '{print $2}' "dist/${sums}" | sort)
[ "$got" = "$want" ] || fail "dist/${sums} lists:
${got}
want:
${want}"

# goreleaser uploads the manifest from the tree at release time
# (release.extra_files) and never copies it into dist/. Put it there under its
# release name, as the Registry will see it, so that every line of SHA256SUMS
# is verified against a file.
cp terraform-registry-manifest.json "dist/${manifest}"
(cd dist && sha256sum --check --strict "$sums") || fail "dist/${sums} does not match the files"
grep -q '"protocol_versions": *\[ *"6.0" *\]' "dist/${manifest}" ||
	fail "${manifest} does not declare protocol_versions [\"6.0\"]"

# The zip holds the versioned binary Terraform looks for.
if command -v unzip >/dev/null; then
	entries=$(unzip -Z1 "dist/${zip}")
elif command -v python3 >/dev/null; then
	entries=$(python3 -m zipfile -l "dist/${zip}" | awk 'NR > 1 {print $1}')
else
	entries=""
	echo "release-check: neither unzip nor python3 found; not listing ${zip}" >&2
fi
if [ -n "$entries" ]; then
	[ "$entries" = "$exe" ] || fail "dist/${zip} holds:
${entries}
want only ${exe}"
fi

# Build settings recorded in the binary itself. Go leaves -ldflags out of the
# build info under -trimpath, so the version and -s -w are checked directly.
bin=$(find dist -type f -name "$exe" | head -n 1)
[ -n "$bin" ] || fail "binary ${exe} not found under dist/"
info=$(go version -m "$bin")
for setting in "CGO_ENABLED=0" "-trimpath=true" "GOOS=${goos}" "GOARCH=${goarch}"; do
	grep -qF -- "$setting" <<<"$info" || fail "${bin} was not built with ${setting}:
${info}"
done
grep -qaF -- "$version" "$bin" || fail "${bin} does not carry its version (-X main.version=${version})"
if go tool nm "$bin" >/dev/null 2>&1; then
	fail "${bin} has a symbol table: not built with -s -w"
fi

echo "release-check: ok: dist/${zip}, dist/${sums} (zip + manifest), dist/${manifest}"
