import { defineRule } from './define.js';
import type { Evidence } from './define.js';

export default defineRule({
  id: 'CG028',
  name: 'scan-sees-container-view',
  severity: 'warning',
  needs: ['context', 'containerView', 'processes'],
  docs: {
    title: "The scan sees a container's view of cgroups, not the node's",
    checks:
      "When scanning the live root (/): cgroup mounts of a subtree (the mountinfo root field is not /), container marker files (/.dockerenv, /run/.containerenv), or /proc/self/cgroup showing only / while systemd is not pid 1 (a private cgroup namespace).",
    why: 'Inside a container cgroupfs shows only the container\'s own subtree and its own processes: every finding, or every "no finding", describes the container, not the node.',
    symptoms: ['results describe the container, not the node'],
    fix: 'Mount the host at `/host` and run `cgdoctor scan --root /host` (or `kubectl debug node/N`).',
    refs: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/kubectl-node-debug/'],
  },
  check({ context, containerView, processes }) {
    if (!context.live) return { skip: 'the scan reads a tree (--root), not the live /: its view is the capture\'s' };
    const reasons: string[] = [];
    const evidence: Evidence[] = [];
    if (containerView.mountRoots.length > 0) {
      const r = containerView.mountRoots[0]!;
      reasons.push(`the ${r.key} mount shows the subtree "${r.root}"`);
      evidence.push(...containerView.mountRoots.slice(0, 3).map((m) => ({ path: 'proc/self/mountinfo', line: m.line, excerpt: `${m.key} root ${m.root}` })));
    }
    for (const m of containerView.markers) {
      reasons.push(`${m} exists`);
      evidence.push({ path: m, excerpt: 'container marker' });
    }
    const allRoot = containerView.selfPaths.length > 0 && containerView.selfPaths.every((p) => p === '/');
    if (allRoot && !processes.systemd.running) {
      reasons.push('/proc/self/cgroup shows only "/" (a private cgroup namespace)');
      evidence.push({ path: 'proc/self/cgroup', line: 1, excerpt: '0::/' });
    }
    if (reasons.length === 0) return [];
    return [
      {
        subject: '/',
        message: `this scan runs inside a container (${reasons.join('; ')}): its findings describe the container's cgroups, not the node's`,
        evidence,
      },
    ];
  },
});
