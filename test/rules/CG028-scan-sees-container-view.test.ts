import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG028-scan-sees-container-view.js';
import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import { MemHost } from '../../src/host/mem-host.js';
import { v1Node, type Tree } from './trees.js';

const live = (tree: Tree) => {
  const ev = evaluate([rule], new FactStore(new MemHost(tree), { live: true }));
  return ev.skipped.length ? { skipped: ev.skipped[0]!.reason } : ev.findings.map((f) => `${f.severity}: ${f.message}`);
};

const node = v1Node();
const table = node['proc/self/mountinfo'] as string;
/** The initial namespaces, as the kernel numbers them (include/linux/proc_ns.h). */
const initNs = (pid: string): Tree => ({
  [`proc/${pid}/ns/pid`]: { link: 'pid:[4026531836]' },
  [`proc/${pid}/ns/cgroup`]: { link: 'cgroup:[4026531835]' },
  [`proc/${pid}/ns/mnt`]: { link: 'mnt:[4026531832]' },
});

describe('CG028 scan-sees-container-view', () => {
  it('a VM whose image carries /.dockerenv: the namespaces say node, so nothing is reported', () => {
    // This very machine: pid 1 is not systemd, /.dockerenv exists, every namespace is the initial one.
    expect(live({ ...node, 'proc/1/mountinfo': table, 'proc/1/comm': 'process_api\n', '.dockerenv': '', ...initNs('self') })).toEqual([]);
  });

  it('a marker with namespace links nobody could read is a hint (info), never a verdict', () => {
    expect(live({ ...node, 'proc/1/mountinfo': table, '.dockerenv': '' })).toEqual([
      "info: .dockerenv exists, a hint of a container, but the scanner's namespace links could not be read to tell: if this runs in a container, its findings describe the container",
    ]);
  });

  it('a docker container on a v1 node (host cgroup namespace): its cgroup mounts show a subtree', () => {
    const own = '30 25 0:28 /docker/abc123 /sys/fs/cgroup/cpuset ro - cgroup cgroup rw,cpuset\n';
    expect(live({ ...node, 'proc/1/mountinfo': own, 'proc/self/mountinfo': own, 'proc/1/comm': 'sh\n', ...initNs('self') })).toEqual([
      "warning: this scan runs inside a container (pid 1's cpuset mount shows the subtree \"/docker/abc123\"): its findings describe the container's cgroups, not the node's",
    ]);
  });

  it('a pod with hostPID: pid 1 is the node, but the scanner has a mount namespace of its own', () => {
    const own = `${table}90 30 0:40 / /host/sys/fs/cgroup/cpuset ro - cgroup cgroup rw,cpuset\n`;
    expect(live({ ...node, 'proc/1/mountinfo': table, 'proc/self/mountinfo': own, ...initNs('self'), 'proc/1/ns/mnt': { link: 'mnt:[4026532711]' } })).toEqual([
      "warning: this scan runs inside a container (the scanner sees other cgroup mounts than pid 1 (1 of its own, 0 of pid 1's missing): it runs in another mount namespace): its findings describe the container's cgroups, not the node's",
    ]);
    // With pid 1's links unreadable, the tables themselves differ.
    expect(live({ ...node, 'proc/1/mountinfo': table, 'proc/self/mountinfo': own, 'proc/self/ns/mnt': { link: 'mnt:[4026532711]' } })).toEqual([
      "warning: this scan runs inside a container (the scanner sees other cgroup mounts than pid 1 (1 of its own, 0 of pid 1's missing): it runs in another mount namespace): its findings describe the container's cgroups, not the node's",
    ]);
  });

  it("a private cgroup namespace: the link, or pid 1's cgroup read as /..", () => {
    const v2 = {
      'proc/1/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n',
      'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n',
      'proc/1/comm': 'systemd\n',
    };
    expect(live({ ...v2, 'proc/self/ns/cgroup': { link: 'cgroup:[4026532400]' }, 'proc/self/ns/pid': { link: 'pid:[4026531836]' } })).toEqual([
      "warning: this scan runs inside a container (the scanner is in a cgroup namespace of its own (proc/self/ns/cgroup is cgroup:[4026532400], the initial one is cgroup:[4026531835])): its findings describe the container's cgroups, not the node's",
    ]);
    expect(live({ ...v2, 'proc/1/cgroup': '0::/../../init.scope\n' })).toEqual([
      "warning: this scan runs inside a container (pid 1's cgroup reads as \"/../../init.scope\", above the scanner's cgroup namespace root): its findings describe the container's cgroups, not the node's",
    ]);
  });

  it('is skipped for a tree that is not the live root or a capture of one', () => {
    const ev = evaluate([rule], new FactStore(new MemHost(v1Node())));
    expect(ev.skipped).toEqual([{ rule: 'CG028', reason: "the scan reads a tree (--root), not the live /: its view is the capture's" }]);
  });
});

describe('CG028 from a capture of a live root', () => {
  it('the namespace links travel in the capture as links, so the capture decides as the live scan did', async () => {
    const { buildCapture } = await import('../../src/capture.js');
    const { loadCapture } = await import('../../src/host/tar-host.js');
    const { scan } = await import('../../src/scan.js');
    const own = '30 25 0:28 / /sys/fs/cgroup/cpuset ro - cgroup cgroup rw,cpuset\n';
    const tree: Tree = {
      ...v1Node(),
      'proc/1/mountinfo': own,
      'proc/self/mountinfo': own,
      '.dockerenv': '',
      'proc/self/ns/cgroup': { link: 'cgroup:[4026532400]' },
      'proc/self/ns/pid': { link: 'pid:[4026531836]' },
    };
    const direct = scan(new MemHost(tree), { rules: [rule], context: { live: true } });
    const { tar } = await buildCapture(new MemHost(tree), '/');
    const captured = await loadCapture(Buffer.from(tar), 'capture');
    expect(captured.readLink('proc/self/ns/cgroup')).toEqual({ ok: true, target: 'cgroup:[4026532400]' });
    const fromCapture = scan(captured, { rules: [rule] });
    expect(fromCapture.findings.map((f) => f.message)).toEqual(direct.findings.map((f) => f.message));
    expect(direct.findings[0]!.message).toMatch(/cgroup namespace of its own/);
  });
});
