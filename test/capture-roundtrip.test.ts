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
