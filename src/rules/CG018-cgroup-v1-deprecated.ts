import { defineRule } from './define.js';
import type { Evidence } from './define.js';
import { settingEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG018',
  name: 'cgroup-v1-deprecated',
  severity: 'warning',
  needs: ['mounts'],
  wants: ['kubelet', 'kubeletVersion'],
  docs: {
    title: 'The node runs cgroup v1 (or hybrid), which Kubernetes is removing',
    checks:
      'The layout is v1 or hybrid. An error when kubelet sets failCgroupV1: true, or when kubelet is 1.35 or later (where failCgroupV1 defaults to true) and does not set it to false.',
    why: 'cgroup v1 support is in maintenance in Kubernetes and runtimes; from kubelet 1.35 a v1 node refuses to start unless failCgroupV1 is false. New features (memory QoS, swap, PSI) are v2 only.',
    symptoms: ['kubelet >= 1.35: cgroup v1 support is unsupported and will be removed', 'refuses to start unless failCgroupV1: false'],
    fix: 'Move the node to cgroup v2 (`systemd.unified_cgroup_hierarchy=1`); kernel >= 5.8, systemd >= 244, containerd >= 1.4, runc >= 1.0.',
    refs: ['https://kubernetes.io/docs/concepts/architecture/cgroups/', 'https://github.com/kubernetes/enhancements/issues/4569'],
  },
  check({ mounts, kubelet, kubeletVersion }) {
    if (mounts.layout !== 'v1' && mounts.layout !== 'hybrid') return [];
    const fail = kubelet?.settings.failCgroupV1;
    const v = kubeletVersion;
    const fatalByVersion = v !== undefined && (v.major > 1 || v.minor >= 35) && fail?.origin === 'default';
    const fatal = fail?.value === true || fatalByVersion;
    const evidence: Evidence[] = [
      ...(fail && fail.origin !== 'default' ? settingEvidence(fail) : []),
      ...(v ? [{ path: v.source.path, ...(v.source.line !== undefined ? { line: v.source.line } : {}), excerpt: `kubelet ${v.text}` }] : []),
      { path: mounts.path, excerpt: `layout ${mounts.layout}` },
    ];
    const why =
      fail?.value === true
        ? `${showSetting(fail)}: kubelet refuses to start on it`
        : fatalByVersion
          ? `kubelet ${v!.text} refuses to start on v1 unless failCgroupV1: false is set`
          : v
            ? `kubelet ${v.text}${v.minor >= 31 ? ' has v1 in maintenance mode' : ''}; from 1.35 it refuses to start on v1 unless failCgroupV1: false`
            : 'from kubelet 1.35 a v1 node refuses to start unless failCgroupV1: false';
    return [
      {
        subject: mounts.layout,
        message: `the node uses cgroup ${mounts.layout === 'v1' ? 'v1' : 'v1 controllers (hybrid layout)'}: ${why}`,
        evidence,
        ...(fatal ? { severity: 'error' as const } : {}),
      },
    ];
  },
});
