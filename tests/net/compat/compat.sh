# SPDX-License-Identifier: MIT
# Compatibility cases for tests/net/run: scripts in the styles that
# netboot.xyz, MAAS, Ironic and Tinkerbell serve (written for these tests),
# chained over HTTP from an nginx of their own. The "kernels" are scripts
# that print a marker, so a run shows how far the chain went; each case
# checks that marker. Source after tests/net/lib.sh.

COMPAT_PORT=8081
COMPAT_URL="http://$SERVER_IP:$COMPAT_PORT"
COMPAT_SRC=tests/net/compat/www

# start_compat_nginx: serve a copy of www/, and per-node Ironic configs
# made up from the MAC address in the URL (as Ironic writes one per node).
start_compat_nginx() {
	local dir="$WORK/compat"
	mkdir -p "$dir"
	cp -r "$COMPAT_SRC" "$dir/www"
	cat >"$dir/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
	access_log $dir/access.log;
	client_body_temp_path $dir;
	proxy_temp_path $dir;
	fastcgi_temp_path $dir;
	uwsgi_temp_path $dir;
	scgi_temp_path $dir;
	default_type application/octet-stream;
	server {
		listen $SERVER_IP:$COMPAT_PORT;
		root $dir/www;
		location ~ "^/ironic/pxelinux\.cfg/([0-9a-f]{2}(-[0-9a-f]{2}){5})\$" {
			default_type text/plain;
			echo "#!ipxe";
			echo "set served-mac \$1";
			echo "chain ../deploy.ipxe";
		}
	}
}
NGINX
	start nginx-compat "$NS" nginx -c "$dir/nginx.conf" -e "$dir/error.log"
	wait_port "$SERVER_IP" "$COMPAT_PORT" tcp
}

# run_nicboot_keys KEYS SECONDS ARGS...: run_nicboot with KEYS (printf %b
# escapes) typed on the console, then the end of input.
run_nicboot_keys() {
	local keys=$1 seconds=$2
	shift 2
	printf '%b' "$keys" | in_ns timeout "$seconds" ${NICBOOT_WRAPPER:-} \
		"$NICBOOT" --net tap:tap0 "$@" >"$WORK/out" 2>&1
	NICBOOT_STATUS=$?
}

# compat_access PATTERN: nginx of the compat cases logged a matching request.
compat_access() {
	grep -qE -- "$1" "$WORK/compat/access.log"
}

case_compat() {
	start_compat_nginx
	local mac_hyp='52-54-00(-[0-9a-f]{2}){3}'

	run_nicboot 60 --exec "dhcp && chain $COMPAT_URL/netbootxyz/boot.ipxe"
	expect "compat netboot.xyz: menu default after the timeout" 0 \
		'^compat.test: linux on x86_64, nicboot ' \
		"^next-server $SERVER_IP\$" '^selected linux$' \
		'^initrd.img: 12 bytes' 'auto=true priority=critical release=12' \
		'^COMPAT-NETBOOTXYZ-LINUX-OK$'

	run_nicboot_keys '\033[B\r' 60 --exec "dhcp && chain $COMPAT_URL/netbootxyz/boot.ipxe"
	expect "compat netboot.xyz: menu chosen with the arrow keys" 0 \
		'^selected utils$' '^COMPAT-NETBOOTXYZ-UTILS-OK$'

	run_nicboot_keys 's' 60 --exec "dhcp && chain $COMPAT_URL/netbootxyz/boot.ipxe"
	expect "compat netboot.xyz: shortcut key, failing entry" fail \
		'^selected shell$' '^no shell in this test$'

	run_nicboot_keys '\033' 60 --exec "dhcp && chain $COMPAT_URL/netbootxyz/boot.ipxe"
	expect "compat netboot.xyz: Esc cancels the menu" fail '^menu cancelled$'

	run_nicboot 60 --exec "dhcp && chain $COMPAT_URL/maas/ipxe.cfg"
	expect "compat MAAS: per-MAC config missing, default with imgargs" 0 \
		'^Booting under MAAS direction' "ipxe.cfg-$mac_hyp.*404" \
		"BOOTIF=01-$mac_hyp" '^COMPAT-MAAS-OK$'
	if compat_access "GET /maas/ipxe.cfg-$mac_hyp HTTP/1.1\" 404"; then
		ok "compat MAAS: nginx saw the MAC in the URL"
	else
		not_ok "compat MAAS: nginx saw the MAC in the URL"
	fi

	run_nicboot 60 --exec "dhcp && chain $COMPAT_URL/ironic/boot.ipxe"
	expect "compat Ironic: config named by MAC, kernel retry loop" 0 \
		'^Press Ctrl-B for the iPXE command line' \
		'^config is for this node$' '^fetched on attempt 3$' \
		'deploy_kernel-try1: .*404' 'deploy_kernel-try2: .*404' \
		'^COMPAT-IRONIC-OK$'

	run_nicboot_keys '\002echo typed in the shell\nexit\n' 60 \
		--exec "dhcp && chain $COMPAT_URL/ironic/boot.ipxe"
	expect "compat Ironic: Ctrl-B at the prompt opens the shell" 0 \
		'^typed in the shell$' '^COMPAT-IRONIC-OK$'

	run_nicboot 60 --exec "dhcp && chain $COMPAT_URL/tinkerbell/auto.ipxe"
	expect "compat Tinkerbell: arch from the build, base-url from DHCP" 0 \
		'^Tinkerbell Boots iPXE$' 'hw_addr=52:54:00(:[0-9a-f]{2}){3}' \
		'^initramfs-x86_64: 15 bytes' '^COMPAT-TINKERBELL-OK$'
}
