import { describe, expect, it } from 'vitest';
import { buildCapture } from '../src/capture.js';
import { MemHost } from '../src/host/mem-host.js';
import { loadCapture } from '../src/host/tar-host.js';
import { scan, type ScanResult } from '../src/scan.js';
import { SHAPES } from './capture-shapes.js';

const same = (r: ScanResult) => ({ layout: r.layout, findings: r.findings, skipped: r.skipped, warnings: r.warnings });

/**
 * Redaction must not change a diagnosis: each config shape, with its secrets, scans from its
 * capture to the same findings, evidence lines, skipped rules and warnings as the node itself.
 * (test/capture.test.ts does the same for every fixture and rule case.)
 */
describe('every config shape scans the same from its capture', () => {
  it.each(SHAPES.map((s) => [s.name, s] as const))('%s', async (_name, shape) => {
    const direct = scan(new MemHost(shape.tree));
    // Not "/": a capture of a live root is scanned as a live view, which a tree is not.
    const { tar } = await buildCapture(new MemHost(shape.tree), 'node');
    const fromCapture = scan(await loadCapture(Buffer.from(tar), 'capture'));
    expect(same(fromCapture)).toEqual(same(direct));
    if (shape.cites) expect(direct.findings.flatMap((f) => f.evidence.map((e) => e.path))).toContain(shape.cites);
  });
});

describe('the version sources come back from a capture', () => {
  it('a binary read in parts (only those kept) and an rpm database read whole give the same versions', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { goBinary } = await import('../scripts/go-elf.mjs');
    const { v2Node, toTree } = await import('./rules/nodes.js');
    const { FactStore } = await import('../src/collect/index.js');
    const big = goBinary(
      'go1.21.5',
      { path: 'github.com/containerd/containerd/cmd/containerd', settings: [['-ldflags', '-X github.com/containerd/containerd/version.Version=v1.3.10']] },
      { filler: 4 << 20 },
    );
    const tree = toTree(
      v2Node()
        .file('usr/bin/containerd', big)
        .file('var/lib/rpm/rpmdb.sqlite', fs.readFileSync(path.join(import.meta.dirname, 'corpus', 'rpmdb', 'rpm418.rpmdb.sqlite'))),
    );
    const versions = (host: ConstructorParameters<typeof FactStore>[0]) => {
      const f = new FactStore(host).get('componentVersions');
      return f.ok ? f.value.map((c) => [c.id, c.version?.text ?? null, c.source?.path ?? null]) : f.missing;
    };
    const { tar } = await buildCapture(new MemHost(tree), 'node');
    // The 4 MiB binary is kept as the few KiB the reader asked for.
    expect(tar.length).toBeLessThan(1 << 20);
    const fromCapture = await loadCapture(Buffer.from(tar), 'capture');
    expect(versions(fromCapture)).toEqual(versions(new MemHost(tree)));
    expect(versions(fromCapture)).toContainEqual(['containerd', 'v1.3.10', 'usr/bin/containerd']);
    expect(versions(fromCapture)).toContainEqual(['runc', '1:1.1.9-1.el9', 'var/lib/rpm/rpmdb.sqlite']);
  });
});
