import type { RuleCase } from './cases.js';
import { kernel, systemdNode, v2Node } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'a custom kernel built without CONFIG_CGROUP_PIDS and CONFIG_CFS_BANDWIDTH (no pids limits, no CPU quota)',
    node: kernel(systemdNode(), { release: '5.4.0-custom', unset: ['CGROUP_PIDS', 'CFS_BANDWIDTH'] }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG029',
        severity: 'error',
        subject: 'boot/config-5.4.0-custom',
        evidence: [
          { path: 'boot/config-5.4.0-custom', match: 'CONFIG_CGROUP_PIDS is not set' },
          { path: 'boot/config-5.4.0-custom', match: 'CONFIG_CFS_BANDWIDTH is not set' },
        ],
      },
      // 5.4 is also below the 5.8 Kubernetes needs on cgroup v2: a blocker of the move.
      { rule: 'CG032', severity: 'warning', subject: 'kernel', evidence: [{ path: 'proc/sys/kernel/osrelease', match: '5.4.0-custom' }] },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'Linux 6.8 has no CONFIG_MEMCG_SWAP any more (folded into MEMCG and SWAP in 6.1): not missing',
    node: kernel(v2Node(), { release: '6.8.0-45-generic', unset: ['MEMCG_SWAP'] }),
    layout: 'v2',
    findings: [],
  },
  {
    // Fedora CoreOS: no proc/config.gz, /boot holds the ostree deployments only, and the kernel
    // package ships its config beside the modules, where kubeadm's validation looks too
    // (https://github.com/kubernetes/system-validators/blob/master/validators/kernel_validator.go).
    name: 'a Fedora CoreOS-style node: no proc/config.gz, no boot/config-<release>, the complete config at usr/lib/modules/<release>/config is read (not skipped)',
    node: kernel(v2Node().drop('boot/config-6.8.0-45-generic'), { release: '6.9.7-200.fc40.x86_64', at: 'modules' }),
    layout: 'v2',
    findings: [],
  },
];
