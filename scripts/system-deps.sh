#!/usr/bin/env bash
# Installs Debian's chromium and a CJK font when they are missing and we may install them, and
# LibreOffice Impress (no GUI) for the meeting pack's PDF (soffice --headless --convert-to pdf).
# Elsewhere it says why not; browser tests then skip visibly, or fail under REQUIRE_BROWSER=1.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-impress-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
        || echo "warning: apt-get could not install ${need[*]}" >&2
else
    echo "note: ${need[*]} missing and not root on Debian; browser tests and image/PDF exports will skip or say why (install: apt-get install ${need[*]})" >&2
fi
exit 0
