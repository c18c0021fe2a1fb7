import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG003-controller-not-mounted.js';
import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import { MemHost } from '../../src/host/mem-host.js';
import { containerd, run, subjects, v1Node, type Tree } from './trees.js';

const findings = (tree: Tree) => evaluate([rule], new FactStore(new MemHost(tree))).findings;

describe('CG003 controller-not-mounted', () => {
  // Seed 004: an agent's cpu_mirror hierarchy unmounted while its java cgroup still held processes.
  const seed = v1Node({
    ...containerd(),
    'proc/1/cgroup': '7:name=cpu_mirror:/\n6:name=systemd:/init.scope\n',
    'proc/200/cgroup': '7:name=cpu_mirror:/\n6:name=systemd:/system.slice/containerd.service\n',
    'proc/3301/comm': 'java\n',
    'proc/3301/cgroup': '7:name=cpu_mirror:/java\n6:name=systemd:/system.slice/app.service\n',
    'proc/3302/comm': 'java\n',
    'proc/3302/cgroup': '7:name=cpu_mirror:/java/report\n6:name=systemd:/system.slice/report.service\n',
    'proc/3400/comm': 'sshd\n',
    'proc/3400/cgroup': '7:name=cpu_mirror:/\n6:name=systemd:/system.slice/sshd.service\n',
  });

  it('names the hierarchy once, and as what keeps it alive only the processes below its root', () => {
    const [f, ...rest] = findings(seed);
    expect(rest).toEqual([]);
    expect(f!.subject).toBe('name=cpu_mirror');
    expect(f!.message).toBe(
      '"name=cpu_mirror" is a live hierarchy, listed in the /proc/<pid>/cgroup of systemd (pid 1), containerd (pid 200), but no cgroup filesystem in proc/self/mountinfo is mounted with it: containerd and runc fail with "cannot find cgroup mount destination" when they look it up. It is kept alive by 2 processes below its root: java (pid 3301) in /java, java (pid 3302) in /java/report.',
    );
    expect(f!.evidence.map((e) => `${e.path}:${e.line} ${e.excerpt}`)).toEqual([
      'proc/1/cgroup:1 7:name=cpu_mirror:/',
      'proc/200/cgroup:1 7:name=cpu_mirror:/',
      'proc/3301/cgroup:1 7:name=cpu_mirror:/java',
      'proc/3302/cgroup:1 7:name=cpu_mirror:/java/report',
    ]);
  });

  it('gives the order that works: mount again, move the pinning processes, rmdir leaves first, unmount', () => {
    expect(findings(seed)[0]!.remediation).toBe(
      'To remove it for good, in this order: 1) mount it again, anywhere: `mkdir -p /tmp/cgroup-cpu_mirror && mount -t cgroup -o none,name=cpu_mirror cgroup /tmp/cgroup-cpu_mirror`; ' +
        '2) move the processes below its root back to the root, or stop them: `echo 3301 > /tmp/cgroup-cpu_mirror/cgroup.procs`, `echo 3302 > /tmp/cgroup-cpu_mirror/cgroup.procs`; ' +
        '3) remove its cgroups, leaves first: `find /tmp/cgroup-cpu_mirror -mindepth 1 -depth -type d -exec rmdir {} \\;`; ' +
        '4) give the kernel a moment to free them (it does so asynchronously), then unmount: `sleep 1 && umount /tmp/cgroup-cpu_mirror`. ' +
        'If /proc/self/cgroup still lists it, a cgroup was still being freed: repeat from 1). A reboot also clears it. ' +
        'To keep it instead, mount it at /sys/fs/cgroup/cpu_mirror (if /sys/fs/cgroup is read-only, as systemd leaves it, `mount -o remount,rw /sys/fs/cgroup` first and `mount -o remount,ro /sys/fs/cgroup` after) and leave it mounted.',
    );
  });

  it('with nothing below its root, says only its cgroups keep it alive', () => {
    const tree = v1Node({ ...containerd(), 'proc/1/cgroup': '7:name=cpu_mirror:/\n6:name=systemd:/init.scope\n', 'proc/200/cgroup': '7:name=cpu_mirror:/\n' });
    expect(findings(tree)[0]!.message).toMatch(/No process sits below its root \(2 processes read\), so only cgroups left inside it keep it alive\.$/);
  });

  it('matches co-mounted controllers in any order and ignores the unified line', () => {
    expect(subjects(rule, v1Node({ 'proc/1/cgroup': '5:cpuacct,cpu:/\n0::/init.scope\n' }))).toEqual([]);
  });

  it('an unmounted controller goes back where the others are; it is not removed', () => {
    const [f] = findings(v1Node({ 'proc/1/cgroup': '9:perf_event:/\n' }));
    expect(f!.subject).toBe('perf_event');
    expect(f!.remediation).toBe(
      "Mount it again where the node's other hierarchies are: `mkdir -p /sys/fs/cgroup/perf_event && mount -t cgroup -o perf_event cgroup /sys/fs/cgroup/perf_event` (if /sys/fs/cgroup is read-only, as systemd leaves it, `mount -o remount,rw /sys/fs/cgroup` first and `mount -o remount,ro /sys/fs/cgroup` after). Nothing needs a restart: containerd and runc look the mounts up at every container start. A reboot also restores it.",
    );
  });

  it('is skipped without /proc', () => {
    expect(run(rule, { 'proc/self/mountinfo': '' })).toEqual({ skipped: 'proc/ has no process directories' });
  });
});
