import { defineRule } from './define.js';
import type { ProcessInfo } from '../collect/facts.js';
import { systemdPath } from '../collect/parse/proc-cgroup.js';
import { membershipEvidence } from './helpers.js';

/** Why a systemd cgroup path means "started by hand", or undefined when it is a unit's. */
export function handStarted(path: string): string | undefined {
  if (path === '/') return 'the root cgroup';
  if (/(^|\/)session-[^/]*\.scope(\/|$)/.test(path)) return 'a login session';
  if (path === '/user.slice' || path.startsWith('/user.slice/')) return 'user.slice';
  return undefined;
}

export default defineRule({
  id: 'CG026',
  name: 'daemon-outside-systemd-unit',
  severity: 'warning',
  needs: ['processes'],
  docs: {
    title: 'kubelet or the runtime was started by hand, outside its systemd unit',
    checks: "On a systemd host: the kubelet and runtime daemons' cgroup (name=systemd or unified line) is under user.slice, in a session-*.scope, or the root.",
    why: 'A daemon started from a shell lives in the login session: it dies when the SSH session ends, and the unit cgroups kubelet is told about (/system.slice/kubelet.service) do not exist, so stats for them fail.',
    symptoms: ['the daemon dies with the SSH session'],
    symptomsOf: ['CG005'],
    fix: 'Run it through its systemd unit.',
    refs: [
      'https://www.lijiaocn.com/%E9%97%AE%E9%A2%98/2019/01/25/kubernetes-failed-to-get-cgroup-stats.html',
      'https://github.com/kubernetes/kubernetes/issues/57080',
      'https://github.com/kubernetes/kubernetes/issues/115824',
    ],
  },
  check({ processes }) {
    if (!processes.systemd.running) return { skip: `systemd is not the init system (${processes.systemd.why})` };
    const daemons = [processes.kubelet, ...processes.runtimes].filter((p): p is ProcessInfo => !!p?.cgroup);
    if (daemons.length === 0) return { skip: 'no kubelet or runtime process with a readable proc/<pid>/cgroup' };
    return daemons.flatMap((p) => {
      const m = systemdPath(p.cgroup!);
      const where = m ? handStarted(m.path) : undefined;
      if (!m || !where) return [];
      const unit = p.comm === 'dockerd' ? 'docker' : p.comm;
      return [
        {
          subject: `${p.comm} (pid ${p.pid})`,
          message: `${p.comm} (pid ${p.pid}) runs in ${where} ("${m.path}"), not in a systemd unit: it was started by hand, dies with the session, and its unit cgroup does not exist`,
          evidence: [membershipEvidence(p.cgroup!.path, m)],
          remediation: `Stop it and start it with \`systemctl start ${unit}\` (enable the unit so it survives reboots).`,
        },
      ];
    });
  },
});
