#!/usr/bin/env bash
# The relay's package under a real systemd: debootstraps a Debian 12 VM, installs
# relaydesk-relay_*.deb with apt, boots it under QEMU (KVM when there is one) and,
# inside, follows docs/deploy.md sections 2-4 to the letter (secrets into
# relay.conf, `page add` as the user relaydesk with the token on stdin,
# `systemctl enable --now`, /healthz), then checks what systemd made of the unit:
# running as `relaydesk`, not root, with its sandbox, restarted after a crash,
# stopped cleanly. Prints the VM's verdict and exits 0 only on PASS.
#   scripts/vm-systemd-check.sh path/to/relaydesk-relay_*.deb [WORK_DIR]
# Needs root, debootstrap, qemu-system-x86 and about 1.5 GB in WORK_DIR.
set -euo pipefail
deb=$(realpath "$1")
work=${2:-/tmp/relaydesk-vm}
for tool in debootstrap qemu-system-x86_64 mkfs.ext4; do
    command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap qemu-system-x86 e2fsprogs >/dev/null
done
mkdir -p "$work"
root=$work/root
if [ ! -x "$root/usr/bin/apt-get" ]; then
    debootstrap --variant=minbase \
        --include=systemd,systemd-sysv,udev,linux-image-amd64,initramfs-tools,curl,ca-certificates,openssl,procps,iproute2 \
        bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log"
fi

# The package, installed as an operator would (apt resolves its dependencies).
cp "$deb" "$root/root/"
mount --bind /proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/root/$(basename "$deb")" >"$work/apt.log"
umount "$root/proc"
trap - EXIT

# The check runs once at boot, after the system is up, and powers the VM off.
cat >"$root/usr/local/sbin/relaydesk-vm-check" <<'CHECK'
#!/bin/bash
exec >/dev/ttyS0 2>&1
fail() { echo "RELAYDESK-VM-CHECK: FAIL: $*"; systemctl --no-pager status relaydesk-relay; journalctl --no-pager -u relaydesk-relay | tail -20; systemctl poweroff; exit 1; }
set -x
stat -c '%a %U' /etc/relaydesk/relay.conf | grep -qx '600 relaydesk' || fail "relay.conf is not 0600 relaydesk"
stat -c '%a %U' /var/lib/relaydesk | grep -qx '700 relaydesk' || fail "data folder is not 0700 relaydesk"
systemctl is-active relaydesk-relay && fail "the package started the relay before it had its secrets"
# docs/deploy.md section 2
secret=$(openssl rand -hex 16); verify=$(openssl rand -hex 24)
sed -i -e "s/^app_secret =.*/app_secret = $secret/" -e "s/^verify_token =.*/verify_token = $verify/" /etc/relaydesk/relay.conf
# section 3
echo "page-token-for-the-vm-check" | runuser -u relaydesk -- relaydesk-relay page add 104216672283716 --name "My Shop" --data-dir /var/lib/relaydesk || fail "page add"
# section 4
systemctl enable --now relaydesk-relay || fail "enable --now"
for _ in $(seq 50); do curl -sf http://127.0.0.1:8443/healthz && break; sleep 0.2; done
curl -sf http://127.0.0.1:8443/healthz | grep -q '"status":"ok"' || fail "/healthz"
curl -sf "http://127.0.0.1:8443/webhook?hub.mode=subscribe&hub.verify_token=$verify&hub.challenge=4242" | grep -qx 4242 || fail "webhook verification"
token=$(runuser -u relaydesk -- relaydesk-relay agent add alice --pages '*' --data-dir /var/lib/relaydesk) || fail "agent add"
case $token in rdk_*) ;; *) fail "agent add printed no token";; esac
pid=$(systemctl show -p MainPID --value relaydesk-relay)
[ "$(ps -o user= -p "$pid")" = relaydesk ] || fail "the relay does not run as relaydesk"
grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$pid/status" || fail "NoNewPrivileges not applied"
grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" || fail "no system call filter"
[ "$(systemctl show -p ProtectSystem --value relaydesk-relay)" = strict ] || fail "ProtectSystem"
runuser -u relaydesk -- test -w /usr/bin && fail "relaydesk may write /usr"
# Restart=on-failure: a crash brings it back.
kill -9 "$pid"
sleep 6
newpid=$(systemctl show -p MainPID --value relaydesk-relay)
[ "$newpid" != 0 ] && [ "$newpid" != "$pid" ] || fail "not restarted after a crash"
curl -sf http://127.0.0.1:8443/healthz | grep -q '"status":"ok"' || fail "/healthz after the restart"
systemctl stop relaydesk-relay || fail "stop"
[ "$(systemctl show -p Result --value relaydesk-relay)" = success ] || fail "unclean stop"
journalctl --no-pager -u relaydesk-relay | grep -q "$secret" && fail "the app secret is in the journal"
echo "RELAYDESK-VM-CHECK: PASS"
systemctl poweroff
CHECK
chmod +x "$root/usr/local/sbin/relaydesk-vm-check"
cat >"$root/etc/systemd/system/relaydesk-vm-check.service" <<'UNIT'
[Unit]
Description=Relaydesk: the relay's package under systemd, as docs/deploy.md says
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/relaydesk-vm-check
[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/relaydesk-vm-check.service "$root/etc/systemd/system/multi-user.target.wants/relaydesk-vm-check.service"
echo relaydesk-vm >"$root/etc/hostname"
# No login prompt on the serial console: its getty would hang up the check's output.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"

image=$work/disk.img
rm -f "$image"
mkfs.ext4 -q -d "$root" "$image" 3G
kernel=$(ls "$root"/boot/vmlinuz-* | tail -1)
initrd=$(ls "$root"/boot/initrd.img-* | tail -1)
accel=()
# KVM when it works here; nested KVM on some VMs hangs, so RELAYDESK_VM_ACCEL=tcg forces emulation.
[ -w /dev/kvm ] && [ "${RELAYDESK_VM_ACCEL:-kvm}" = kvm ] && accel=(-enable-kvm)
timeout 600 qemu-system-x86_64 "${accel[@]}" -m 1024 -smp 2 -nographic -no-reboot \
    -kernel "$kernel" -initrd "$initrd" -append "root=/dev/vda rw console=ttyS0" \
    -drive "file=$image,format=raw,if=virtio" -nic none >"$work/console.log" 2>&1 || true
grep -a "RELAYDESK-VM-CHECK" "$work/console.log" || { echo "no verdict from the VM (see $work/console.log)"; exit 1; }
grep -aq "RELAYDESK-VM-CHECK: PASS" "$work/console.log"
