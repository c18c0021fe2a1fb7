import { describe, expect, it } from 'vitest';
import { FactStore } from '../../src/collect/index.js';
import { MemHost } from '../../src/host/mem-host.js';
import type { ListResult } from '../../src/host/host.js';
import { v1Node } from '../rules/trees.js';

/** A MemHost that counts the listings of each directory. */
class Counting extends MemHost {
  readonly lists = new Map<string, number>();
  override listing(path: string): ListResult {
    this.lists.set(path, (this.lists.get(path) ?? 0) + 1);
    return super.listing(path);
  }
}

describe('the walks of the cgroup tree', () => {
  it('list each memory cgroup once, however many facts walk it', () => {
    const leak: Record<string, string> = {};
    for (let i = 0; i < 50; i++) leak[`sys/fs/cgroup/memory/system.slice/run-r${i}.scope/cgroup.procs`] = '';
    const host = new Counting(v1Node(leak));
    const store = new FactStore(host);
    // CG020's count walks the whole memory hierarchy; CG011's three levels list its top again.
    expect(store.get('memoryCgroupDirs')).toEqual({ ok: true, value: 52 });
    expect(store.get('tripletCgroups').ok).toBe(true);
    const memory = [...host.lists].filter(([dir]) => dir.startsWith('sys/fs/cgroup/memory'));
    expect(memory).toHaveLength(52);
    expect(memory.filter(([, n]) => n > 1)).toEqual([]);
  });

  it('ask again for a listing that failed, so each fact that meets it is marked by it', () => {
    const store = new FactStore(new Counting(v1Node({ 'sys/fs/cgroup/memory/locked': { dir: true, denied: true } })));
    store.get('memoryCgroupDirs');
    store.get('tripletCgroups');
    const why = 'could not read sys/fs/cgroup/memory/locked: permission denied';
    expect(store.incomplete.get('memoryCgroupDirs')).toEqual([why]);
    expect(store.incomplete.get('tripletCgroups')).toEqual([why]);
  });
});
