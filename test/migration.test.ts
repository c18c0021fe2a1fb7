import { describe, expect, it } from 'vitest';
import { MemHost } from '../src/host/mem-host.js';
import { scan } from '../src/scan.js';
import { RULES } from '../src/rules/index.js';
import { renderProm } from '../src/report/prom.js';
import { FactStore } from '../src/collect/index.js';
import { V2_FIXTURES } from '../scripts/v2-fixtures.mjs';
import { toTree } from './rules/nodes.js';

const node = (name: string) => V2_FIXTURES[name]!.build();
const plan = (tree: ReturnType<typeof toTree>, rules = RULES) => scan(new MemHost(tree), { rules, context: { target: 'v2' } }).migration!;

describe('scan --target v2: the migration plan', () => {
  it('is there only when asked for', () => {
    expect(scan(new MemHost(toTree(node('v1-ready-for-v2')))).migration).toBeUndefined();
    expect(plan(toTree(node('v1-ready-for-v2')))).toMatchObject({ target: 'v2', from: 'hybrid', ready: true, blockers: 0, unknown: 0 });
  });

  it('lists each component with its version and source, or why it is unknown', () => {
    expect(plan(toTree(node('v1-blocked-old-runtime'))).components).toEqual([
      { id: 'kernel', name: 'Linux kernel', version: '5.15.0-91-generic', source: 'proc/sys/kernel/osrelease:1', unknown: null, minimum: '5.8' },
      { id: 'systemd', name: 'systemd', version: '245.4-4ubuntu3', source: 'var/lib/dpkg/status:1', unknown: null, minimum: '244' },
      { id: 'runc', name: 'runc', version: '1.0.0~rc10-0ubuntu1', source: 'var/lib/dpkg/status:21', unknown: null, minimum: '1.0.0-rc93' },
      { id: 'containerd', name: 'containerd', version: '1.3.3-0ubuntu2', source: 'var/lib/dpkg/status:11', unknown: null, minimum: '1.4' },
      { id: 'kubelet', name: 'kubelet', version: '1.23.17', source: 'usr/bin/kubelet', unknown: null, minimum: '1.25' },
    ]);
  });

  it('says when a check it relies on did not run, and does not call the node ready for it', () => {
    const p = plan(
      toTree(node('v1-blocked-old-runtime')),
      RULES.filter((r) => r.id !== 'CG032'),
    );
    expect(p.steps[0]).toMatchObject({ kind: 'check', rule: 'CG032', action: expect.stringContaining('CG032 did not check this node: not run') });
    // Without CG032 nothing is known to block, but the plan counts what it could not check.
    expect(p).toMatchObject({ ready: true, blockers: 0, unknown: 1 });
  });

  it('replaces the argument that holds the node on v1, with the command of its distribution', () => {
    const t = node('v1-ready-for-v2')
      .file(
        'proc/cmdline',
        'BOOT_IMAGE=(hd0,gpt2)/vmlinuz-4.18.0-513.el8.x86_64 root=/dev/mapper/rl-root ro crashkernel=auto systemd.unified_cgroup_hierarchy=0 "rd.lvm.lv=rl/root"\n',
      )
      .file('etc/os-release', 'NAME="Rocky Linux"\nVERSION_ID="8.9"\nPRETTY_NAME="Rocky Linux 8.9 (Green Obsidian)"\nID="rocky"\n');
    const boot = plan(toTree(t)).steps.find((s) => s.kind === 'boot')!;
    expect(boot.action).toContain('Boot with systemd.unified_cgroup_hierarchy=1 on the kernel command line in place of systemd.unified_cgroup_hierarchy=0');
    expect(boot.action).toContain('grubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1"');
    expect(boot.evidence).toEqual([{ path: 'proc/cmdline', line: 1, excerpt: expect.stringContaining('systemd.unified_cgroup_hierarchy=0') }]);
  });

  it('reads the kernel command line as the kernel splits it', () => {
    const f = new FactStore(new MemHost({ 'proc/cmdline': 'ro quiet a=1 a=2 "x=y z" systemd.unified_cgroup_hierarchy\n' })).get('bootArgs');
    expect(f.ok && [...f.value.args]).toEqual([
      ['ro', true],
      ['quiet', true],
      ['a', '2'],
      ['x', 'y z'],
      ['systemd.unified_cgroup_hierarchy', true],
    ]);
  });

  it('is a gauge for alerting: ready, blockers, unknown', () => {
    const r = scan(new MemHost(toTree(node('v1-blocked-old-runtime'))), { context: { target: 'v2' } });
    const prom = renderProm(r, RULES, { now: new Date(0) });
    expect(prom).toContain('cgdoctor_v2_migration_ready{from="hybrid"} 0\n');
    expect(prom).toContain('cgdoctor_v2_migration_blockers 3\n');
    expect(prom).toContain('cgdoctor_v2_migration_unknown 0\n');
    expect(renderProm(scan(new MemHost(toTree(node('v1-blocked-old-runtime')))), RULES)).not.toContain('cgdoctor_v2_migration');
  });
});
