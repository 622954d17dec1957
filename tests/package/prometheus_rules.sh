#!/usr/bin/env bash
# The example alert rules: promtool accepts them and their unit tests pass (each alert quiet before its
# condition has lasted long enough, then firing with the kiosk's id).
# Usage: prometheus_rules.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
rules=$source_dir/assets/deploy/prometheus/mot-cua-kiosk.rules.yml
promtool check rules "$rules"
promtool test rules "$source_dir/tests/package/prometheus/mot-cua-kiosk.test.yml"
