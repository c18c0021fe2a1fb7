import { defineRule } from './define.js';

export default defineRule({
  id: 'CG028',
  name: 'scan-sees-container-view',
  severity: 'warning',
  needs: ['containerView'],
  docs: {
    title: "The scan sees a container's view of cgroups, not the node's",
    checks:
      "When scanning the live root (/), from namespace evidence: the scanner's pid or cgroup namespace is not the initial one (its /proc/self/ns links), its mount namespace or mount table differs from pid 1's, its cgroup mounts show a subtree (the mountinfo root field is not /), or pid 1's cgroup reads as /.. (outside the scanner's cgroup namespace). Marker files (/.dockerenv, /run/.containerenv) are hints only: alone they give at most an info note, and none when the namespaces show the node.",
    why: 'Inside a container cgroupfs shows only the container\'s own subtree and its own processes: every finding, or every "no finding", describes the container, not the node. VM images often carry a /.dockerenv from the container they were built in, so a marker file proves nothing.',
    symptoms: ['results describe the container, not the node'],
    fix: 'Mount the host at `/host` and run `cgdoctor scan --root /host` (or `kubectl debug node/N`).',
    refs: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/kubectl-node-debug/', 'https://man7.org/linux/man-pages/man7/cgroup_namespaces.7.html'],
  },
  check({ containerView: v }) {
    if (v.evidence.length > 0) {
      return [
        {
          subject: '/',
          message: `this scan runs inside a container (${v.evidence.map((e) => e.why).join('; ')}): its findings describe the container's cgroups, not the node's`,
          evidence: v.evidence.map((e) => ({ path: e.path, ...(e.line !== undefined ? { line: e.line } : {}), excerpt: e.excerpt })),
        },
      ];
    }
    // A marker with no namespace evidence either way is worth a note, never a verdict.
    if (v.hints.length > 0 && !v.nsReadable) {
      return [
        {
          subject: '/',
          severity: 'info',
          message: `${v.hints.join(' and ')} ${v.hints.length === 1 ? 'exists' : 'exist'}, a hint of a container, but the scanner's namespace links could not be read to tell: if this runs in a container, its findings describe the container`,
          evidence: v.hints.map((h) => ({ path: h, excerpt: 'container marker (a hint only)' })),
          remediation: 'Run as root so /proc/self/ns can be read, or run `cgdoctor scan --root /host` from a pod that mounts the node at /host.',
        },
      ];
    }
    return [];
  },
});
