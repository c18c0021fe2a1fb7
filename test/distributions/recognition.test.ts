/** Recognition: the cloud layouts' signals are files only they have, so a plain kubeadm node is never taken for one. */
import { describe, expect, it } from 'vitest';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';
import { FactStore } from '../../src/collect/index.js';

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
