#!/usr/bin/env bash
# A 20 MB firmware image over TFTP on 127.0.0.1: the provisioning service (the image fetched from the firmware
# service's signed link and streamed) against Debian's tftpd-hpa serving the same file from disk, in the same run,
# both fetched with curl's TFTP client at blksize 1428 and at the default 512. One result row (bench/run.sh's table):
#   tftp   MB/s of the service and of tftpd-hpa at blksize 1428 (medians of ROUNDS), and the 512-byte figures
#   bench/tftp/run.sh                 (about 5 minutes with the platform's start; ROUNDS=3 SIZE_MB=20 to change)
# The image arrives as a phone's does: tenant acme through inventory's API, the image uploaded to the firmware service
# (operator, platform-wide), a plug-n-dial profile naming it created and published through provisioning's API with
# TFTP allowed for plug-n-dial (device-auth tftpDialects), one phone imported through inventory. Starts the bench
# platform (bench_platform_up, with firmware and TFTP on port 18569) and tftpd-hpa on 18570; stops both on exit.
# curl sends no windowsize option, so both servers send a block per acknowledgement (RFC 1350's lock-step).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${WORK:-$root/bench/tftp/target}"
rounds="${ROUNDS:-3}"
size_mb="${SIZE_MB:-20}"
# the platform serves TFTP on the provisioning process's HTTP port number, over UDP (tools/platform ServiceProcess)
tftp_port=18582
tftpd_port=18570
fleet=7c2f88
mac=${fleet}000000
mkdir -p "$work"

. "$root/bench/lib.sh"
bench_tools jq tftpd-hpa
command -v in.tftpd >/dev/null || { echo "tftpd-hpa installed no in.tftpd" >&2; exit 1; }
if [ "${BENCH_PLATFORM_SHARED:-}" = 1 ]; then
  echo "bench/tftp starts a platform of its own (with firmware and TFTP): run it before or without the shared one" >&2
  exit 1
fi
export BENCH_PLATFORM_SERVICES=inventory,redirect,provisioning,firmware
trap 'bench_cleanup' EXIT
bench_platform_up
bench_firmware=http://127.0.0.1:18583

bench_tenant
bench_await_tenant_known
status=$(curl -s -o "$work/device-auth.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $(bench_partner_token)" \
  -H 'Content-Type: application/json' -d '{"mode":"off","tftpDialects":["plug-n-dial"]}' \
  "$bench_provisioning/api/v1/device-auth")
[ "$status" = 200 ] || { echo "device-auth: HTTP $status $(cat "$work/device-auth.json")" >&2; exit 1; }

echo "uploading a $size_mb MB image to the firmware service"
head -c $((size_mb * 1024 * 1024)) /dev/urandom >"$work/image.bin"
artifact=$(curl -sf -H "Authorization: Bearer $(bench_operator_token)" -H 'Content-Type: application/octet-stream' \
  -T "$work/image.bin" -X POST "$bench_firmware/api/v1/firmware/artifacts?vendor=leadtek&product=BVA8051&version=$(date +%s)" \
  | jq -r .id)
echo "  artifact $artifact"

# provisioning learns of the artifact from the firmware service's events: the profile is refused until then
jq -n --arg artifact "$artifact" '{name: "bench-tftp", dialect: "plug-n-dial",
  parameters: [{name: "sip_user", value: "1012"}], firmware: {artifactId: $artifact}}' >"$work/profile-request.json"
for _ in $(seq 60); do
  status=$(curl -s -o "$work/profile.json" -w '%{http_code}' -H "Authorization: Bearer $(bench_partner_token)" \
    -H 'Content-Type: application/json' -d @"$work/profile-request.json" "$bench_provisioning/api/v1/profiles")
  [ "$status" = 201 ] || [ "$status" = 409 ] && break
  sleep 1
done
[ "$status" = 201 ] || [ "$status" = 409 ] || { echo "profile: HTTP $status $(cat "$work/profile.json")" >&2; exit 1; }
echo "profile bench-tftp, release $(bench_publish bench-tftp)"
bench_fleet_csv "$fleet" 1 "$work/fleet.csv" bench-tftp leadtek BVA8051
bench_import_and_wait "$work/fleet.csv"

name="$mac/firmware/leadtek/BVA8051/$artifact.bin"
mkdir -p "$work/tftproot/$mac/firmware/leadtek/BVA8051"
cp "$work/image.bin" "$work/tftproot/$name"
chmod -R a+rX "$work/tftproot"
# -L: in the foreground, so bench_cleanup stops it; -s: chrooted into the directory (needs root, as apt-get did)
in.tftpd -L -a "127.0.0.1:$tftpd_port" -s "$work/tftproot" -u "$(id -un)" 2>"$work/tftpd.log" &
bench_pids+=($!)
sleep 1

# MB/s of one fetch with curl; fails unless the bytes are the image's
fetch() {
  local port=$1 blksize=$2 seconds
  rm -f "$work/fetched.bin"
  seconds=$(curl -sf --tftp-blksize "$blksize" -o "$work/fetched.bin" -w '%{time_total}' "tftp://127.0.0.1:$port/$name")
  cmp -s "$work/fetched.bin" "$work/image.bin" || { echo "port $port, blksize $blksize: not the image's bytes" >&2; exit 1; }
  echo "scale=1; $size_mb / $seconds" | bc
}
for port in $tftp_port $tftpd_port; do fetch "$port" 1428 >/dev/null; done
declare -A runs
for blksize in 1428 512; do
  for i in $(seq 1 "$rounds"); do
    s=$(fetch "$tftp_port" "$blksize"); t=$(fetch "$tftpd_port" "$blksize")
    echo "blksize $blksize round $i: provisioning $s MB/s, tftpd-hpa $t MB/s"
    runs[s$blksize]+="$s "; runs[t$blksize]+="$t "
  done
done
s1428=$(bench_median ${runs[s1428]}); t1428=$(bench_median ${runs[t1428]})
s512=$(bench_median ${runs[s512]}); t512=$(bench_median ${runs[t512]})
echo "median throughput of a $size_mb MB image over TFTP (curl, $rounds rounds):"
echo "  blksize 1428: provisioning $s1428 MB/s, tftpd-hpa $t1428 MB/s"
echo "  blksize 512:  provisioning $s512 MB/s, tftpd-hpa $t512 MB/s"
echo "  provisioning's retransmissions: $(bench_metric "$bench_provisioning" telprov_provisioning_tftp_retransmissions_total)"
bench_result tftp "$s1428 MB/s" "$t1428 MB/s" "$(bench_ratio "$s1428" "$t1428")" - - \
  "$size_mb MB firmware image, curl blksize 1428, vs tftpd-hpa; at 512: $s512 vs $t512 MB/s"
rm -f "$work/image.bin" "$work/fetched.bin" "$work/tftproot/$name"
