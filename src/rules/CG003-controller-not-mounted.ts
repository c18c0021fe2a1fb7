import { defineRule } from './define.js';
import type { Evidence } from './define.js';
import type { UnmountedHierarchy } from '../collect/facts.js';
import { listSome, plural } from './helpers.js';

/** Pinning processes spelled out in the fix; more are found with the grep the fix gives. */
const PIDS_IN_FIX = 10;

/** A named hierarchy of someone's own (not systemd's) can be removed; a controller is needed and goes back. */
const removable = (h: UnmountedHierarchy) => h.keys.every((k) => k.startsWith('name=') && k !== 'name=systemd');

function remediation(h: UnmountedHierarchy): string {
  const name = h.keys.map((k) => k.replace(/^name=/, '')).join(',');
  const opts = h.keys.some((k) => !k.startsWith('name=')) ? h.keys.join(',') : `none,${h.keys.join(',')}`;
  const mountAt = (dir: string) => `\`mkdir -p ${dir} && mount -t cgroup -o ${opts} cgroup ${dir}\``;
  // systemd mounts the /sys/fs/cgroup tmpfs read-only once its hierarchies are set up.
  const readOnly = '(if /sys/fs/cgroup is read-only, as systemd leaves it, `mount -o remount,rw /sys/fs/cgroup` first and `mount -o remount,ro /sys/fs/cgroup` after)';
  if (!removable(h)) {
    return `Mount it again where the node's other hierarchies are: ${mountAt(`/sys/fs/cgroup/${name}`)} ${readOnly}. Nothing needs a restart: containerd and runc look the mounts up at every container start. A reboot also restores it.`;
  }
  // Any empty directory serves to reach the hierarchy again; /tmp is writable where /sys/fs/cgroup may not be.
  const dir = `/tmp/cgroup-${name}`;
  const pids = h.pinned.map((p) => p.pid);
  const move =
    h.pinnedCount === 0
      ? 'no process sits below its root, so there is nothing to move'
      : h.pinnedCount <= PIDS_IN_FIX && pids.length === h.pinnedCount
        ? `move the processes below its root back to the root, or stop them: ${pids.map((p) => `\`echo ${p} > ${dir}/cgroup.procs\``).join(', ')}`
        : `move each of the ${h.pinnedCount} processes below its root back to the root (\`echo PID > ${dir}/cgroup.procs\`; list them with \`grep -l ':${h.key}:/.' /proc/[0-9]*/cgroup\`), or stop them`;
  return (
    `To remove it for good, in this order: 1) mount it again, anywhere: ${mountAt(dir)}; 2) ${move}; ` +
    `3) remove its cgroups, leaves first: \`find ${dir} -mindepth 1 -depth -type d -exec rmdir {} \\;\`; ` +
    `4) give the kernel a moment to free them (it does so asynchronously), then unmount: \`sleep 1 && umount ${dir}\`. ` +
    `If /proc/self/cgroup still lists it, a cgroup was still being freed: repeat from 1). A reboot also clears it. ` +
    `To keep it instead, mount it at /sys/fs/cgroup/${name} ${readOnly} and leave it mounted.`
  );
}

export default defineRule({
  id: 'CG003',
  name: 'controller-not-mounted',
  severity: 'error',
  needs: ['unmountedHierarchies'],
  docs: {
    title: 'A controller or named hierarchy in /proc/<pid>/cgroup has no cgroup mount',
    checks:
      "Every v1 controller and `name=` hierarchy listed in the /proc/<pid>/cgroup of pid 1, the kubelet, the runtime daemons (containerd, dockerd, crio) and the scanner must have a cgroup mount in the node's mount table (pid 1's mountinfo) whose super options include it. When one has none, every /proc/<pid>/cgroup is read to find the processes below its root: those, and the cgroups they sit in, keep it alive.",
    why: 'containerd and runc resolve each hierarchy of a process by searching mountinfo for its controller. A hierarchy unmounted while cgroups remain in it (a custom hierarchy such as cpu_mirror) stays alive in the kernel and listed in every /proc/<pid>/cgroup, so the lookup fails for every new container, and the error does not say which controller is missing. Every process is listed at / of every hierarchy; only those below its root pin it.',
    symptoms: ['cgroups: cannot find cgroup mount destination: unknown', 'failed to start sandbox container ... cannot find cgroup mount destination'],
    fix: 'Mount the hierarchy again. To remove a hierarchy of your own for good: mount it again, move or stop the processes below its root, rmdir its cgroups leaf first, then unmount (the kernel may need a second round). A reboot clears it.',
    refs: [
      'https://www.likakuli.com/posts/docker-cgroup-unknown/',
      'https://github.com/docker/for-linux/issues/219',
      'https://github.com/torvalds/linux/blob/master/Documentation/admin-guide/cgroup-v1/cgroups.rst',
    ],
  },
  check({ unmountedHierarchies }) {
    return unmountedHierarchies.map((h) => {
      const who = h.listed.map((l) => l.who);
      const pins =
        h.pinnedCount > 0
          ? `It is kept alive by ${plural(h.pinnedCount, 'process', 'processes')} below its root: ${listSome(
              h.pinned.map((p) => `${p.comm} (pid ${p.pid}) in ${p.cgroup}`),
              5,
            )}`
          : `No process sits below its root (${plural(h.scanned, 'process', 'processes')} read${h.unreadable > 0 ? `, ${h.unreadable} unreadable` : ''}), so only cgroups left inside it keep it alive`;
      const evidence: Evidence[] = [...h.listed.slice(0, 2), ...h.pinned.slice(0, 5)].map((l) => ({ path: l.path, line: l.line, excerpt: l.excerpt }));
      return {
        subject: h.key,
        message: `"${h.key}" is a live hierarchy, listed in the /proc/<pid>/cgroup of ${listSome(who, 4)}, but no cgroup filesystem in ${h.table} is mounted with it: containerd and runc fail with "cannot find cgroup mount destination" when they look it up. ${pins}.`,
        evidence,
        remediation: remediation(h),
      };
    });
  },
});
