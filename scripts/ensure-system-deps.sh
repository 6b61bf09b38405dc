#!/usr/bin/env bash
# The test suite inspects HLS segments with a real ffprobe (the npm ffprobe crashes on
# MPEG-TS) and plays them in a real Chromium; the cluster test runs a real nginx and
# redis-server on loopback. Install Debian's packages when missing,
# so `npm test` works on a fresh machine without a manual step.
set -euo pipefail

missing=()
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Debian puts nginx in /usr/sbin, which a non-root PATH may lack
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "tod-p2m tests need: ${missing[*]} (install them with your package manager)" >&2
  exit 1
fi
echo "installing ${missing[*]} from Debian packages for the test suite..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
