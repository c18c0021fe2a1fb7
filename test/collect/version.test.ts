import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';

const version = (tree: Record<string, MemNode>, kubeletVersion?: string) => {
  const f = new FactStore(new MemHost(tree), kubeletVersion ? { kubeletVersion } : {}).get('kubeletVersion');
  return f.ok ? [f.value.text, f.value.source.path] : f.missing;
};

describe('kubelet version', () => {
  it('comes from --kubelet-version, the binary path, dpkg, node.json or a control-plane manifest, in that order', () => {
    const proc = { 'proc/9/comm': 'kubelet\n', 'proc/9/cmdline': '/opt/kubernetes/v1.21.8/bin/kubelet\0' };
    expect(version(proc, 'v1.30.1')).toEqual(['1.30.1', '--kubelet-version']);
    // A minor alone is its .0 release.
    expect(version(proc, '1.35')).toEqual(['1.35.0', '--kubelet-version']);
    expect(version(proc)).toEqual(['1.21.8', 'proc/9/cmdline']);
    expect(
      version({
        'var/lib/dpkg/status': 'Package: kubeadm\nStatus: install ok installed\nVersion: 1.27.0-00\n\nPackage: kubelet\nStatus: install ok installed\nVersion: 1.28.2-1.1\n',
      }),
    ).toEqual(['1.28.2', 'var/lib/dpkg/status']);
    expect(version({ 'node.json': '{"status":{"nodeInfo":{"kubeletVersion":"v1.29.4"}}}' })).toEqual(['1.29.4', 'node.json']);
    expect(version({ 'etc/kubernetes/manifests/kube-apiserver.yaml': 'spec:\n  containers:\n  - image: registry.k8s.io/kube-apiserver:v1.31.0\n' })).toEqual([
      '1.31.0',
      'etc/kubernetes/manifests/kube-apiserver.yaml',
    ]);
    expect(version({ 'proc/9/comm': 'kubelet\n', 'proc/9/cmdline': '/usr/bin/kubelet\0' })).toMatch(/^kubelet version unknown/);
  });
});
