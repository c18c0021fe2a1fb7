/** Recognition: the cloud layouts' signals are files only they have, so a plain kubeadm node is never taken for one. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { DISTRIBUTIONS } from '../../src/distributions/index.js';
import { DirHost } from '../../src/host/dir-host.js';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';
import { FIXTURES, ROOT } from '../helpers.js';

describe('recognition keeps the cloud layouts apart from kubeadm', () => {
  const kubelet = { 'proc/77/comm': 'kubelet\n', 'proc/77/cmdline': '/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0' };
  const id = (tree: Record<string, MemNode>) => {
    const d = new FactStore(new MemHost(tree)).get('distribution');
    return d.ok ? d.value.layout.id : d.missing;
  };

  it('a kubeadm node with /etc/default/kubelet (which GKE and AKS use too) stays kubeadm', () => {
    expect(id({ ...kubelet, 'etc/default/kubelet': 'KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n' })).toBe('kubeadm');
  });

  it('AL2023 keeps a stub /etc/eks/bootstrap.sh: nodeadm makes it AL2023, the AL2 files make it AL2', () => {
    expect(id({ ...kubelet, 'etc/eks/bootstrap.sh': '#!/usr/bin/env bash\n', 'usr/bin/nodeadm': '' })).toBe('eks-al2023');
    expect(id({ ...kubelet, 'etc/eks/bootstrap.sh': '#!/usr/bin/env bash\n', 'etc/kubernetes/kubelet/kubelet-config.json': '{}' })).toBe('eks-al2');
    expect(id({ ...kubelet, 'etc/eks/bootstrap.sh': '#!/usr/bin/env bash\n' })).toBe('kubeadm');
  });

  it('AKS by AgentBaker files alone, GKE by KUBE_HOME alone', () => {
    expect(id({ ...kubelet, 'etc/default/kubeletconfig.json': '{}' })).toBe('aks');
    expect(id({ ...kubelet, 'home/kubernetes/bin/kubelet': '' })).toBe('gke');
  });
});

describe('every distribution in the table has its healthy fixture and its README row', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Distributions'), readme.indexOf('\n## ', readme.indexOf('## Distributions') + 1));
  // kubeadm is what a node with no other signature is read as: its healthy trees are healthy-*.
  const healthyOf = (id: string) => (id === 'kubeadm' ? 'healthy-v2-systemd' : `${id}-healthy`);

  it.each(DISTRIBUTIONS.map((d) => [d.id, d] as const))('%s', (_id, d) => {
    const name = healthyOf(d.id);
    const st = new FactStore(new DirHost(path.join(FIXTURES, name, 'root'), name));
    const got = st.get('distribution');
    expect(got.ok && got.value.layout.id).toBe(d.id);
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as { findings: Array<{ rule: string; severity: string }> };
    // Nothing above info, but that cgroup v1 is going away (EKS on Amazon Linux 2 has no v2).
    expect(json.findings.filter((f) => f.severity !== 'info' && f.rule !== 'CG018')).toEqual([]);
    expect(section).toContain(`| ${d.name} |`);
  });
});
