# SPDX-License-Identifier: MIT
# Test network for nicboot-linux: a namespace with a bridge, the tap that
# nicboot drives, and real servers (dnsmasq for DHCP/TFTP/DNS, atftpd for
# RFC 7440 windowsize, nginx for HTTP). Everything runs on addresses
# private to the namespace; cleanup ends only the processes started here.
# Source it, then call net_setup; net_cleanup runs on exit.

NET_PREFIX=10.33.0
SERVER_IP=$NET_PREFIX.1       # dnsmasq (DHCP, TFTP, DNS) and nginx
WINDOW_SERVER_IP=$NET_PREFIX.2 # atftpd (windowsize)
PROXY_SERVER_IP=$NET_PREFIX.3  # a second DHCP server, in its own namespace
# Each run has a new random MAC, so dnsmasq needs an address per run.
CLIENT_RANGE="$NET_PREFIX.100,$NET_PREFIX.199"
CLIENT_IP_PATTERN="10\.33\.0\.1[0-9][0-9]"
DOMAIN=nicboot.test

NS=nbt-$$
NS2=nbt2-$$
WORK=$(mktemp -d /tmp/nicboot-net.XXXXXX)
STARTED_PIDS=()
NS2_CREATED=0

in_ns() { ip netns exec "$NS" "$@"; }

net_cleanup() {
	local pid
	for pid in "${STARTED_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${STARTED_PIDS[@]}"; do
		wait "$pid" 2>/dev/null
	done
	STARTED_PIDS=()
	ip netns del "$NS" 2>/dev/null
	[[ $NS2_CREATED -eq 1 ]] && ip netns del "$NS2" 2>/dev/null
	rm -rf "$WORK"
}

# start NAME NAMESPACE COMMAND...: run a server in the namespace, in the
# background, and remember its PID (ip netns exec execs the command, so
# $! is the server itself and the cleanup ends exactly it).
start() {
	local name=$1 ns=$2
	shift 2
	ip netns exec "$ns" "$@" >"$WORK/$name.log" 2>&1 &
	STARTED_PIDS+=($!)
}

# stop_last: end the most recently started server.
stop_last() {
	local last=$((${#STARTED_PIDS[@]} - 1))
	kill "${STARTED_PIDS[$last]}" 2>/dev/null
	wait "${STARTED_PIDS[$last]}" 2>/dev/null
	unset "STARTED_PIDS[$last]"
}

# wait_port IP PORT PROTO: until a server listens (bounded).
wait_port() {
	local i flag=-tln
	[[ $3 == udp ]] && flag=-uln
	for i in $(seq 50); do
		in_ns ss $flag | grep -q " $1:$2 " && return 0
		sleep 0.1
	done
	echo "server on $1:$2/$3 did not start" >&2
	return 1
}

# make_file NAME BYTES: a file of random bytes that every server serves.
make_file() {
	mkdir -p "$WORK/files"
	head -c "$2" /dev/urandom >"$WORK/files/$1"
	(cd "$WORK/files" && sha256sum "$1") >>"$WORK/sums"
}

# make_test_files: sizes from one byte to 256 MiB.
make_test_files() {
	make_file f1 1
	make_file f1000 1000
	make_file f1m $((1024 * 1024))
	make_file f64 $((64 * 1024 * 1024))
	make_file f256 $((256 * 1024 * 1024))
	# 65537 blocks of 512 bytes: TFTP block numbers roll over.
	make_file rollover $((512 * 65537))
}

# expected_sum NAME: the digest sha256sum(1) gives for a test file.
expected_sum() {
	awk -v n="$1" '$2 == n { print $1 }' "$WORK/sums"
}

start_dnsmasq() {
	start dnsmasq "$NS" dnsmasq --keep-in-foreground --log-facility=- \
		--no-resolv --no-hosts --no-ping --bind-interfaces \
		--interface=br0 --except-interface=lo \
		--listen-address="$SERVER_IP" --user=root \
		--pid-file="$WORK/dnsmasq.pid" \
		--dhcp-leasefile="$WORK/leases" \
		--dhcp-range="$CLIENT_RANGE,255.255.255.0,1h" \
		--dhcp-option=3,"$SERVER_IP" --dhcp-option=6,"$SERVER_IP" \
		--domain="$DOMAIN" --dhcp-option=15,"$DOMAIN" \
		--host-record="boot.$DOMAIN,$SERVER_IP" \
		--cname="alias.$DOMAIN,boot.$DOMAIN" \
		--dhcp-boot="${DHCP_BOOT:-f1000}",,"$SERVER_IP" \
		--enable-tftp --tftp-root="$WORK/files" "$@"
	wait_port "$SERVER_IP" 69 udp
}

start_atftpd() {
	start atftpd "$NS" atftpd --daemon --no-fork --user root --group root \
		--bind-address "$WINDOW_SERVER_IP" --port 69 \
		--logfile "$WORK/atftpd-detail.log" "$WORK/files"
	wait_port "$WINDOW_SERVER_IP" 69 udp
}

start_nginx() {
	mkdir -p "$WORK/nginx"
	cat >"$WORK/nginx/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
	access_log $WORK/nginx/access.log;
	client_body_temp_path $WORK/nginx;
	proxy_temp_path $WORK/nginx;
	fastcgi_temp_path $WORK/nginx;
	uwsgi_temp_path $WORK/nginx;
	scgi_temp_path $WORK/nginx;
	default_type application/octet-stream;
	sendfile on;
	keepalive_requests 1000;
	server {
		listen $SERVER_IP:80;
		root $WORK/files;
		location = /r301 { return 301 /f1000; }
		location = /r302 { return 302 /f1000; }
		location = /r303 { return 303 /f1000; }
		location = /r307 { return 307 /f1000; }
		location = /r308 { return 308 http://boot.$DOMAIN/f1000; }
		location = /loop { return 302 /loop; }
		location = /to-https { return 302 https://boot.$DOMAIN/f1000; }
		location = /chunked {
			echo -n "first chunk,";
			echo_flush;
			echo -n "second chunk";
		}
		location = /forbidden { return 403; }
		location = /broken { return 500; }
		location /private/ {
			auth_basic "nicboot test";
			auth_basic_user_file $WORK/nginx/htpasswd;
			alias $WORK/files/;
		}
	}
}
NGINX
	# user "boot", password "secret" (an apr1 hash made here by openssl)
	printf 'boot:%s\n' "$(openssl passwd -apr1 secret)" >"$WORK/nginx/htpasswd"
	start nginx "$NS" nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log"
	wait_port "$SERVER_IP" 80 tcp
}

# net_setup: the namespace, the bridge and the tap.
net_setup() {
	trap net_cleanup EXIT
	ip netns add "$NS"
	in_ns ip link set lo up
	in_ns ip link add br0 type bridge
	in_ns ip addr add "$SERVER_IP/24" dev br0
	# atftpd's address is not on the bridge, where dnsmasq's TFTP would
	# bind it too; the kernel still answers ARP for it there.
	in_ns ip addr add "$WINDOW_SERVER_IP/32" dev lo
	in_ns ip link set br0 up
	in_ns ip tuntap add tap0 mode tap
	in_ns ip link set tap0 master br0
	in_ns ip link set tap0 up
}

# impair_loss PERCENT: drop that share of frames both ways on the tap,
# where a drop is real loss on the wire (a drop in the IP output path
# would be retried at once by the sender's own stack); 0 removes it.
impair_loss() {
	in_ns nft delete table netdev nicboot_impair 2>/dev/null
	[[ $1 -eq 0 ]] && return 0
	in_ns nft -f - <<NFT
table netdev nicboot_impair {
	chain to_nicboot { type filter hook egress device "tap0" priority 0; numgen random mod 100 < $1 drop; }
	chain from_nicboot { type filter hook ingress device "tap0" priority 0; numgen random mod 100 < $1 drop; }
}
NFT
}

# impair_duplicate PERCENT: send that share of the frames to nicboot twice
# (0 removes it). Reordering has no nftables equivalent; without netem it
# is left to the TCP unit tests.
impair_duplicate() {
	in_ns nft delete table netdev nicboot_duplicate 2>/dev/null
	[[ $1 -eq 0 ]] && return 0
	in_ns nft -f - <<NFT
table netdev nicboot_duplicate {
	chain to_nicboot { type filter hook egress device "tap0" priority 0; numgen random mod 100 < $1 dup to "tap0"; }
}
NFT
}

# run_nicboot SECONDS ARGS...: run the program in the namespace on tap0,
# bounded in time; output in $WORK/out, status in $NICBOOT_STATUS.
run_nicboot() {
	local seconds=$1
	shift
	in_ns timeout "$seconds" ${NICBOOT_WRAPPER:-} "$NICBOOT" --net tap:tap0 "$@" \
		</dev/null >"$WORK/out" 2>&1
	NICBOOT_STATUS=$?
}
