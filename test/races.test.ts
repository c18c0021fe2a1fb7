import { describe, expect, it } from 'vitest';
import { MemHost } from '../src/host/mem-host.js';
import type { Host, LinkResult, ListResult, ReadBytesResult, ReadOptions, StatResult, StreamResult } from '../src/host/host.js';
import { BaseHost, normalizePath } from '../src/host/host.js';
import { scan } from '../src/scan.js';
import { v1Node, cgroupIn, kubelet } from './rules/trees.js';

/**
 * A live node in miniature: after a directory is listed, the children named in `doomed` vanish
 * (as a cgroup rmdir'd or a process exiting would), so reading them fails like the kernel does.
 */
class RacyHost extends BaseHost {
  private readonly gone = new Set<string>();
  constructor(
    private readonly inner: Host,
    private readonly doomed: RegExp,
  ) {
    super();
  }
  get label() {
    return this.inner.label;
  }
  private dead(path: string): boolean {
    const p = normalizePath(path);
    return [...this.gone].some((g) => p === g || p.startsWith(`${g}/`));
  }
  readBytes(path: string, o?: ReadOptions): ReadBytesResult {
    return this.dead(path) ? { ok: false, reason: /^proc\//.test(path) ? 'vanished' : 'missing', detail: 'ESRCH' } : this.inner.readBytes(path, o);
  }
  readStream(path: string, on: (t: string) => void, o?: ReadOptions): StreamResult {
    return this.dead(path) ? { ok: false, reason: 'vanished', detail: 'ENODEV' } : this.inner.readStream(path, on, o);
  }
  listing(path: string): ListResult {
    if (this.dead(path)) return { ok: false, reason: 'missing', detail: 'ENOENT' };
    const r = this.inner.listing(path);
    for (const e of r.ok ? r.entries : []) {
      const child = normalizePath(`${path}/${e.name}`);
      if (this.doomed.test(child)) this.gone.add(child);
    }
    return r;
  }
  stat(path: string): StatResult {
    return this.dead(path) ? { ok: false, reason: 'missing', detail: 'ENOENT' } : this.inner.stat(path);
  }
  readLink(path: string): LinkResult {
    return this.dead(path) ? { ok: false, reason: 'missing', detail: 'ENOENT' } : this.inner.readLink(path);
  }
}

describe('races on a live node', () => {
  it('cgroups and processes that vanish mid-scan are counted and skipped, and the scan finishes', () => {
    const tree = v1Node({
      ...kubelet([]),
      'proc/4242/comm': 'sleep\n',
      'proc/4243/comm': 'sleep\n',
      ...cgroupIn(['cpuset', 'memory'], '/kubepods/besteffort/pod1/c1'),
      ...cgroupIn(['cpuset', 'memory'], '/kubepods/besteffort/pod2/c2'),
      'sys/fs/cgroup/cpuset/kubepods/besteffort/pod1/cpuset.cpus': '\n',
    });
    const calm = scan(new MemHost(tree));
    const racy = scan(new RacyHost(new MemHost(tree), /^(proc\/424[23]|sys\/fs\/cgroup\/(cpuset|memory)\/kubepods\/besteffort\/pod1)$/));
    expect(racy.warnings).toContain('vanished during the scan: 2 cgroups, 2 processes (a live node changes while it is read; they were skipped)');
    // The cgroup with the empty cpuset is gone, so its finding is too; nothing else changed.
    expect(calm.findings.map((f) => f.subject)).toContain('/kubepods/besteffort/pod1');
    expect(racy.findings.map((f) => f.subject)).not.toContain('/kubepods/besteffort/pod1');
    expect(racy.summary.rulesRun).toBe(calm.summary.rulesRun);
  });
});
