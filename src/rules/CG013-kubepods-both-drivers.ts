import { defineRule } from './define.js';
import { listSome } from './helpers.js';

export default defineRule({
  id: 'CG013',
  name: 'kubepods-both-drivers',
  severity: 'warning',
  needs: ['hierarchyRoots'],
  tolerates: ['hierarchyRoots'],
  docs: {
    title: 'Both kubepods (cgroupfs driver) and kubepods.slice (systemd driver) exist',
    checks: 'The root of every mounted hierarchy: a `kubepods` and a `kubepods.slice` directory side by side.',
    why: 'The cgroup driver was changed without draining the node. Pods of the old driver keep running in the old tree, which kubelet no longer manages or cleans up: their limits and accounting are outside node allocatable.',
    symptoms: ['pods of the old driver never cleaned up'],
    fix: 'The driver changed without draining; drain and reboot the node.',
    refs: ['https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/configure-cgroup-driver/'],
  },
  check({ hierarchyRoots }) {
    const both = hierarchyRoots.filter((r) => r.children.includes('kubepods') && r.children.includes('kubepods.slice'));
    if (both.length === 0) return [];
    const first = both[0]!.hierarchy.dir;
    return [
      {
        subject: '/',
        message: `both /kubepods (cgroupfs driver) and /kubepods.slice (systemd driver) exist in ${listSome(both.map((b) => b.hierarchy.key))}: the cgroup driver changed without draining, and pods of the old driver are no longer managed`,
        evidence: [
          { path: `${first}/kubepods`, excerpt: 'cgroupfs-driver pods root' },
          { path: `${first}/kubepods.slice`, excerpt: 'systemd-driver pods root' },
        ],
        remediation: 'Drain the node (kubectl drain), reboot it so the old tree goes away, and uncordon; make sure kubelet and the runtime now agree on the driver (CG009).',
      },
    ];
  },
});
