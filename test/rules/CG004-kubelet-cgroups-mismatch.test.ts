import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG004-kubelet-cgroups-mismatch.js';
import { kubelet, run, subjects, v1Node } from './trees.js';

describe('CG004 kubelet-cgroups-mismatch', () => {
  it('fires when the flag names another cgroup than the name=systemd one', () => {
    const r = run(rule, v1Node(kubelet(['--kubelet-cgroups=/fix.service'])));
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.evidence.map((e) => e.excerpt)])).toEqual([
      ['/fix.service', ['--kubelet-cgroups=/fix.service', '6:name=systemd:/system.slice/kubelet.service']],
    ]);
  });

  it.each([
    ['the same cgroup', ['--kubelet-cgroups=/system.slice/kubelet.service']],
    ['the same cgroup with a trailing slash (CG006 reports the form)', ['--kubelet-cgroups=/system.slice/kubelet.service/']],
    ['no flag', []],
  ])('stays quiet for %s', (_n, args) => expect(subjects(rule, v1Node(kubelet(args)))).toEqual([]));

  it('is skipped when the flag is set but kubelet is not running', () => {
    const tree = v1Node({ 'var/lib/kubelet/config.yaml': 'kubeletCgroups: /x\n' });
    expect(subjects(rule, tree)).toMatchObject({ skipped: expect.stringMatching(/no running kubelet/) });
  });
});
