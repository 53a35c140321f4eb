#!/usr/bin/env bash
# The system tools Flowloom runs actions with: bubblewrap (each action in its sandbox),
# slirp4netns (the sandbox's outbound-only network) and util-linux's setpriv. Installed from
# Debian's packages when missing and this runs as root with apt-get; otherwise says what to install.
set -euo pipefail
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v slirp4netns >/dev/null 2>&1 || missing+=(slirp4netns)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} (actions run in their sandbox)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  }
else
  echo "WARNING: ${missing[*]} not installed: actions will not start until they are" \
    "(sudo apt-get install ${missing[*]}), see runner/README.md" >&2
fi
