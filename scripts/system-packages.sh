#!/usr/bin/env bash
# Install the Debian packages Safer Insight needs beyond Python: Pango and HarfBuzz for PDF
# reports (WeasyPrint), Liberation Sans (the charts' font, which vl-convert measures text
# with) and DejaVu fonts, poppler-utils (the report tests read PDFs with it), PostgreSQL
# (the records tests start a throwaway server of their own; nothing is configured system-wide),
# Chromium (the browser tests drive it through Playwright, which downloads no browser) and
# LibreOffice Writer and Impress without a GUI (the office tests open the Word report and the
# slide deck with soffice --headless and convert them to PDF).
# Installs only what is missing; needs root or passwordless sudo to install.
set -u
needed="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core poppler-utils postgresql chromium
  libreoffice-writer-nogui libreoffice-impress-nogui"
command -v dpkg >/dev/null 2>&1 || { echo "not a Debian system: install Pango for PDF output"; exit 0; }
missing=""
for package in $needed; do
  dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  run=""
elif sudo -n true 2>/dev/null; then
  run="sudo"
else
  echo "Missing Debian packages:$missing. Install them (as root: apt-get install$missing);"
  echo "without them PDF reports cannot be written."
  exit "${STRICT:-0}"
fi
$run apt-get update -qq && DEBIAN_FRONTEND=noninteractive $run apt-get install -y -qq $missing
