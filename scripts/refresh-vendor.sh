#!/usr/bin/env bash
# Refresh the vendored front-end assets in waypoint/static/vendor/ from the
# npm registry.
#
# Usage: scripts/refresh-vendor.sh
#
# To upgrade, bump the pinned versions below, re-run, and review the diff.
# Only the files the app needs are copied: the minified USWDS CSS/JS, the
# sprite, and exactly the images and fonts that uswds.min.css references via
# relative url(...), laid out so those relative paths resolve.
set -euo pipefail

USWDS_VERSION="3.14.0"   # @uswds/uswds, pinned (3.x)
HTMX_VERSION="2.0.11"    # htmx.org, pinned (2.x; 4.x is a different major)
CHARTJS_VERSION="4.6.2"  # chart.js, pinned (4.x)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR_DIR="${REPO_ROOT}/waypoint/static/vendor"

command -v npm >/dev/null || { echo "error: npm is required" >&2; exit 1; }

WORK_DIR="$(mktemp -d)"
trap 'rm -rf "${WORK_DIR}"' EXIT

echo "==> Fetching packages into ${WORK_DIR}"
(
  cd "${WORK_DIR}"
  npm pack --silent "@uswds/uswds@${USWDS_VERSION}" >/dev/null
  npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null
  npm pack --silent "chart.js@${CHARTJS_VERSION}" >/dev/null
)

USWDS_TGZ="${WORK_DIR}/uswds-uswds-${USWDS_VERSION}.tgz"
HTMX_TGZ="${WORK_DIR}/htmx.org-${HTMX_VERSION}.tgz"
CHARTJS_TGZ="${WORK_DIR}/chart.js-${CHARTJS_VERSION}.tgz"
for f in "${USWDS_TGZ}" "${HTMX_TGZ}" "${CHARTJS_TGZ}"; do
  [[ -f "$f" ]] || { echo "error: expected tarball $f not found" >&2; exit 1; }
done

mkdir -p "${WORK_DIR}/uswds" "${WORK_DIR}/htmx" "${WORK_DIR}/chartjs"
tar -xzf "${USWDS_TGZ}" -C "${WORK_DIR}/uswds"
tar -xzf "${HTMX_TGZ}" -C "${WORK_DIR}/htmx"
tar -xzf "${CHARTJS_TGZ}" -C "${WORK_DIR}/chartjs"
USWDS_PKG="${WORK_DIR}/uswds/package"
HTMX_PKG="${WORK_DIR}/htmx/package"
CHARTJS_PKG="${WORK_DIR}/chartjs/package"
USWDS_DIST="${USWDS_PKG}/dist"

# Sanity-check that the tarballs are the versions we asked for.
pkg_version() { node -p "require('$1/package.json').version"; }
[[ "$(pkg_version "${USWDS_PKG}")" == "${USWDS_VERSION}" ]] \
  || { echo "error: unexpected USWDS version in tarball" >&2; exit 1; }
[[ "$(pkg_version "${HTMX_PKG}")" == "${HTMX_VERSION}" ]] \
  || { echo "error: unexpected htmx version in tarball" >&2; exit 1; }
[[ "$(pkg_version "${CHARTJS_PKG}")" == "${CHARTJS_VERSION}" ]] \
  || { echo "error: unexpected Chart.js version in tarball" >&2; exit 1; }

# Build the new tree in a staging dir, then swap it in, so stale files from a
# previous version never linger.
STAGE="${WORK_DIR}/stage"
mkdir -p "${STAGE}/uswds/css" "${STAGE}/uswds/js" "${STAGE}/uswds/img" "${STAGE}/htmx" "${STAGE}/chartjs"

echo "==> Copying USWDS ${USWDS_VERSION}"
cp "${USWDS_DIST}/css/uswds.min.css"    "${STAGE}/uswds/css/"
cp "${USWDS_DIST}/js/uswds.min.js"      "${STAGE}/uswds/js/"
cp "${USWDS_DIST}/js/uswds-init.min.js" "${STAGE}/uswds/js/"
cp "${USWDS_DIST}/img/sprite.svg"       "${STAGE}/uswds/img/"   # for <use href="...sprite.svg#icon">
cp "${USWDS_PKG}/LICENSE.md"            "${STAGE}/uswds/LICENSE.md"

# Every relative url(...) in the CSS (fonts and images), relative to css/.
# Skips data: URIs, absolute URLs and the empty url() used in @supports tests.
mapfile -t CSS_REFS < <(
  grep -o 'url([^)]*)' "${USWDS_DIST}/css/uswds.min.css" \
    | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']\$//" \
    | sed -e 's/[?#].*$//' \
    | grep -v -E '^$|^data:|^[a-zA-Z][a-zA-Z0-9+.-]*:|^/' \
    | sort -u
)
[[ ${#CSS_REFS[@]} -gt 0 ]] || { echo "error: no url() references found in uswds.min.css" >&2; exit 1; }

for ref in "${CSS_REFS[@]}"; do
  case "${ref}" in
    ../*) rel="${ref#../}" ;;   # relative to dist/css/ -> relative to dist/
    *)    rel="css/${ref}" ;;
  esac
  src="${USWDS_DIST}/${rel}"
  [[ -f "${src}" ]] || { echo "error: CSS references ${ref} but ${src} is missing from the package" >&2; exit 1; }
  mkdir -p "${STAGE}/uswds/$(dirname "${rel}")"
  cp "${src}" "${STAGE}/uswds/${rel}"
done
echo "    copied ${#CSS_REFS[@]} files referenced by uswds.min.css"

echo "==> Copying htmx ${HTMX_VERSION}"
cp "${HTMX_PKG}/dist/htmx.min.js" "${STAGE}/htmx/"
cp "${HTMX_PKG}/LICENSE"          "${STAGE}/htmx/LICENSE"

# Chart.js: only the UMD minified build (one file, no module loader needed) and its licence.
echo "==> Copying Chart.js ${CHARTJS_VERSION}"
cp "${CHARTJS_PKG}/dist/chart.umd.min.js" "${STAGE}/chartjs/"
cp "${CHARTJS_PKG}/LICENSE.md"            "${STAGE}/chartjs/LICENSE.md"

# The packages' source maps are not shipped (they are for debugging the upstream
# sources, not our pages), so drop the comments that point at them: production's
# collectstatic (whitenoise's CompressedManifestStaticFilesStorage) follows every
# sourceMappingURL and aborts on a missing file.
echo "==> Removing sourceMappingURL comments"
find "${STAGE}" -type f \( -name '*.css' -o -name '*.js' \) -print0 \
  | xargs -0 sed -i -E -e '/^\/\*# sourceMappingURL=[^ ]* \*\/$/d' -e '/^\/\/# sourceMappingURL=/d'
if grep -r -l 'sourceMappingURL' "${STAGE}"; then
  echo "error: a sourceMappingURL comment is left in the files above" >&2
  exit 1
fi

HTMX_LICENSE="$(node -p "require('${HTMX_PKG}/package.json').license")"
CHARTJS_LICENSE="$(node -p "require('${CHARTJS_PKG}/package.json').license")"

cat > "${STAGE}/README.md" <<EOF
# Vendored front-end assets

Third-party files served from \`waypoint/static/vendor/\`. Do not edit them by
hand: refresh with scripts/refresh-vendor.sh (bump the pinned versions at the
top of that script to upgrade).

| Package | Version | Licence | Files |
| --- | --- | --- | --- |
| [@uswds/uswds](https://www.npmjs.com/package/@uswds/uswds) (U.S. Web Design System) | ${USWDS_VERSION} | Public domain / CC0 1.0 (GSA work); bundled fonts under SIL OFL 1.1 (Source Sans Pro, Merriweather, Public Sans) and Apache 2.0 (Roboto Mono); Material Icons–derived icons/sprite under Apache 2.0 — see \`uswds/LICENSE.md\` | \`uswds/\` |
| [htmx.org](https://www.npmjs.com/package/htmx.org) | ${HTMX_VERSION} | ${HTMX_LICENSE} (Zero-Clause BSD) — see \`htmx/LICENSE\` | \`htmx/\` |
| [chart.js](https://www.npmjs.com/package/chart.js) | ${CHARTJS_VERSION} | ${CHARTJS_LICENSE} — see \`chartjs/LICENSE.md\` | \`chartjs/\` |

Only what the app needs is copied: \`uswds/css/uswds.min.css\`,
\`uswds/js/uswds.min.js\`, \`uswds/js/uswds-init.min.js\`,
\`uswds/img/sprite.svg\`, plus exactly the fonts (woff2) and images that
\`uswds.min.css\` references via relative \`url(...)\`, in the directory layout
those \`../fonts/...\` and \`../img/...\` paths expect; and
\`htmx/htmx.min.js\`; and \`chartjs/chart.umd.min.js\` (the UMD build, which
needs no module loader). Source maps are not shipped, and the
\`sourceMappingURL\` comments that point at them are removed, so
\`collectstatic\` with production settings finds every file a CSS or JS file
names.
EOF

echo "==> Installing into ${VENDOR_DIR}"
mkdir -p "${VENDOR_DIR}"
rm -rf "${VENDOR_DIR}/uswds" "${VENDOR_DIR}/htmx" "${VENDOR_DIR}/chartjs"
cp -R "${STAGE}/uswds" "${STAGE}/htmx" "${STAGE}/chartjs" "${VENDOR_DIR}/"
cp "${STAGE}/README.md" "${VENDOR_DIR}/README.md"

du -sh "${VENDOR_DIR}"
echo "Done: @uswds/uswds@${USWDS_VERSION}, htmx.org@${HTMX_VERSION}, chart.js@${CHARTJS_VERSION}"
