import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG030-quoted-flag-value.js';
import { kubelet, run, subjects, v1Node } from './trees.js';

describe('CG030 quoted-flag-value', () => {
  it('flags any kubelet flag whose value carries quotes, and config values too', () => {
    expect(subjects(rule, v1Node(kubelet(["--cgroup-driver='systemd'", '--node-labels="a=b"', '--v=2'])))).toEqual(['--cgroup-driver', '--node-labels']);
    const r = run(rule, v1Node({ ...kubelet(['--config=/k.yaml']), 'k.yaml': `cgroupDriver: "'systemd'"\n` }));
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.evidence[0]!.path, f.evidence[0]!.line])).toEqual([['cgroupDriver', 'k.yaml', 1]]);
  });
  it('reads a unit as systemd does: quotes in ExecStart= are removed, inner quotes of an env file value are not', () => {
    const unit = {
      'etc/systemd/system/kubelet.service':
        '[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet --cgroup-driver="systemd" --node-ip=\'10.0.0.1\' $KUBELET_EXTRA_ARGS\n',
      'etc/default/kubelet': "KUBELET_EXTRA_ARGS=--kubelet-cgroups='/system.slice/kubelet.service'\n",
    };
    const r = run(rule, v1Node(unit));
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.evidence[0]!.path, f.evidence[0]!.line])).toEqual([['--kubelet-cgroups', 'etc/default/kubelet', 1]]);
  });

  it('stays quiet for values systemd or YAML unquoted', () => {
    expect(subjects(rule, v1Node({ ...kubelet(['--config=/k.yaml']), 'k.yaml': 'cgroupDriver: "systemd"\n' }))).toEqual([]);
  });
});
