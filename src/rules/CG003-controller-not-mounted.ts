import { defineRule } from './define.js';
import type { Evidence } from './define.js';
import { mountKeys } from '../collect/mounts.js';
import type { ProcessInfo } from '../collect/facts.js';
import { membershipEvidence, membershipKeys } from './helpers.js';

export default defineRule({
  id: 'CG003',
  name: 'controller-not-mounted',
  severity: 'error',
  needs: ['mounts', 'processes'],
  docs: {
    title: 'A controller or named hierarchy in /proc/<pid>/cgroup has no cgroup mount',
    checks:
      'For pid 1, the kubelet, the runtime daemons (containerd, dockerd, crio) and the scanner itself: every v1 controller and every `name=` hierarchy listed in /proc/<pid>/cgroup must have a cgroup mount in /proc/self/mountinfo whose super options include it.',
    why:
      'containerd and runc resolve each hierarchy of a process by searching mountinfo for its controller. If a hierarchy was unmounted while processes still sit in it (a custom hierarchy such as cpu_mirror), the lookup fails for every new container, and the error does not say which controller is missing.',
    symptoms: ['cgroups: cannot find cgroup mount destination: unknown', 'failed to start sandbox container ... cannot find cgroup mount destination'],
    fix: 'Remount the hierarchy, or stop and restart the processes still attached to the unmounted one (a custom hierarchy such as cpu_mirror was unmounted while processes stayed in it). A reboot clears it.',
    refs: ['seeds/004 (cpu_mirror unmounted)', 'https://github.com/docker/for-linux/issues/219'],
  },
  check({ mounts, processes }) {
    const keys = new Set(mounts.cgroupMounts.filter((m) => m.fstype === 'cgroup').flatMap(mountKeys));
    const procs = [processes.init, processes.kubelet, ...processes.runtimes].filter((p): p is ProcessInfo => !!p?.cgroup);
    const lists = procs.map((p) => ({ label: `${p.comm}, pid ${p.pid}`, path: p.cgroup!.path, entries: p.cgroup!.entries }));
    if (processes.self) lists.push({ label: 'the scanner', path: processes.self.path, entries: processes.self.entries });
    if (lists.length === 0) return { skip: 'no proc/<pid>/cgroup of pid 1, kubelet, a runtime or self could be read' };
    const missingKeys = new Map<string, { who: string[]; evidence: Evidence[] }>();
    for (const l of lists) {
      for (const e of l.entries) {
        if (e.unified) continue;
        for (const key of membershipKeys(e)) {
          if (keys.has(key)) continue;
          const m = missingKeys.get(key) ?? { who: [], evidence: [] };
          if (!m.who.includes(l.label)) m.who.push(l.label);
          m.evidence.push(membershipEvidence(l.path, e));
          missingKeys.set(key, m);
        }
      }
    }
    return [...missingKeys.entries()].map(([key, m]) => ({
      subject: key,
      message: `"${key}" is listed in /proc/<pid>/cgroup (${m.who.join('; ')}) but no cgroup filesystem in ${mounts.path} is mounted with it; containerd and runc fail with "cannot find cgroup mount destination" when they look it up`,
      evidence: m.evidence,
      remediation: `Remount the "${key}" hierarchy (\`mount -t cgroup -o ${key.startsWith('name=') ? `none,${key}` : key} cgroup /sys/fs/cgroup/${key.replace(/^name=/, '')}\`), or restart the processes still attached to it (${m.who.join('; ')}) so they leave it; a reboot clears it.`,
    }));
  },
});
