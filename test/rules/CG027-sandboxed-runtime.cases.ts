import type { RuleCase } from './cases.js';
import { containerdConfig, systemdNode } from './nodes.js';

const runtime = (name: string, type: string) => `        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.${name}]\n          runtime_type = "${type}"\n`;

export const fires: RuleCase[] = [
  {
    name: 'containerd with a gVisor runtime (runsc) configured next to runc',
    node: systemdNode({ containerd: containerdConfig({ version: 2, systemdCgroup: true, extraRuntimes: runtime('runsc', 'io.containerd.runsc.v1') }) }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG027',
        severity: 'info',
        subject: 'sandboxed runtime',
        evidence: [{ path: 'etc/containerd/config.toml', match: 'runtimes.runsc runtime_type = "io.containerd.runsc.v1"' }],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'containerd with crun configured next to runc: another OCI runtime, not a sandbox',
    node: systemdNode({ containerd: containerdConfig({ version: 2, systemdCgroup: true, extraRuntimes: runtime('crun', 'io.containerd.runc.v2') }) }),
    layout: 'v1',
    findings: [],
  },
];
