#!/usr/bin/env bash
# Checks relay4j's Prometheus alert rules: syntax (promtool check rules) and behaviour (promtool test rules).
# Installs promtool from Debian's prometheus package when it is missing (needs root and apt).
set -euo pipefail
cd "$(dirname "$0")/prometheus"

if ! command -v promtool >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "promtool is missing and apt-get is not available: install Prometheus' promtool first" >&2
    exit 1
  fi
  echo "installing promtool (Debian package prometheus)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

promtool check rules relay4j-alerts.yml
promtool test rules relay4j-alerts.test.yml
