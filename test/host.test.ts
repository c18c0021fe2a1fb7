import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirHost } from '../src/host/dir-host.js';
import { MemHost } from '../src/host/mem-host.js';
import type { Host } from '../src/host/host.js';
import { normalizePath } from '../src/host/host.js';

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-host-'));
  fs.mkdirSync(path.join(tmp, 'realetc'));
  fs.writeFileSync(path.join(tmp, 'realetc', 'hostname'), 'inside-the-root\n');
  fs.mkdirSync(path.join(tmp, 'host'));
  // /host/etc -> /etc, as in a pod that mounts the node at /host: must mean the root's etc.
  fs.symlinkSync('/realetc', path.join(tmp, 'host', 'etc'));
  fs.symlinkSync('../../../../../../etc', path.join(tmp, 'escape'));
  fs.symlinkSync('loop2', path.join(tmp, 'loop1'));
  fs.symlinkSync('loop1', path.join(tmp, 'loop2'));
  execFileSync('mkfifo', [path.join(tmp, 'fifo')]);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('DirHost', () => {
  it('reads procfs files, which report size 0, to the end', () => {
    const r = new DirHost('/').read('proc/self/mountinfo');
    expect(r.ok && r.text.split('\n').length > 1).toBe(true);
  });

  it('resolves an absolute link inside the root, never to the machine running the scan', () => {
    const h = new DirHost(tmp);
    expect(h.read('host/etc/hostname')).toEqual({ ok: true, text: 'inside-the-root\n', truncated: false });
    // The machine's /etc/hostname exists; through `escape` it must stay out of reach.
    const r = h.read('escape/hostname');
    expect(r.ok).toBe(false);
    expect(h.read('../../../etc/hostname').ok).toBe(false);
  });

  it('reports a link loop, a FIFO and a directory as unreadable instead of hanging or throwing', () => {
    const h = new DirHost(tmp);
    expect(h.read('loop1')).toMatchObject({ ok: false, reason: 'error' });
    expect(h.read('fifo')).toMatchObject({ ok: false, reason: 'not-a-file' });
    expect(h.read('realetc')).toMatchObject({ ok: false, reason: 'not-a-file' });
    expect(h.read('nope/nothing')).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('caps what it reads', () => {
    expect(new DirHost(tmp).read('realetc/hostname', { maxBytes: 6 })).toEqual({ ok: true, text: 'inside', truncated: true });
  });

  it('lists directories sorted, with entry types', () => {
    expect(new DirHost(tmp).list('')!.map((e) => `${e.name}:${e.type}`)).toEqual(['escape:link', 'fifo:other', 'host:dir', 'loop1:link', 'loop2:link', 'realetc:dir']);
    expect(new DirHost(tmp).list('missing')).toBeUndefined();
  });
});

describe('MemHost behaves as DirHost on the same tree', () => {
  const mem = new MemHost({
    'realetc/hostname': 'inside-the-root\n',
    'host/etc': { link: '/realetc' },
    escape: { link: '../../../../../../etc' },
    loop1: { link: 'loop2' },
    loop2: { link: 'loop1' },
  });
  const cases = ['host/etc/hostname', 'escape/hostname', 'realetc', 'loop1', 'nope', 'realetc/../realetc/hostname'];
  it.each(cases)('%s', (p) => {
    const dir: Host = new DirHost(tmp);
    expect(mem.read(p).ok).toBe(dir.read(p).ok);
    expect(mem.isDir(p)).toBe(dir.isDir(p));
  });
});

describe('normalizePath', () => {
  it('drops the leading slash and clamps .. at the root', () => {
    expect(normalizePath('/a/./b/../c/')).toBe('a/c');
    expect(normalizePath('../../x')).toBe('x');
  });
});
