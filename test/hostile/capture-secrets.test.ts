import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as jsYaml from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import { buildCapture } from '../../src/capture.js';
import { MemHost } from '../../src/host/mem-host.js';
import { loadCapture } from '../../src/host/tar-host.js';
import { parseCmdline } from '../../src/collect/parse/cmdline.js';
import { parseEnvFile, parseUnitFile } from '../../src/collect/parse/systemd-unit.js';
import { LEFT_OUT, SHAPES, leftOutTree, type Format, type KeyPath } from '../capture-shapes.js';

/**
 * Captures carry no secrets (the command-line contract), and what they keep still parses: every
 * canary of every shape is absent from the archive's bytes, each kept file parses with the parser
 * the scan uses and holds every other value, and no line moved (findings cite file:line).
 */

/** The file as the scan sees it: the same parser, the same options. */
function parse(format: Format, text: string, path: string): unknown {
  switch (format) {
    case 'json':
      return JSON.parse(text);
    case 'yaml':
      return jsYaml.load(text, { json: true });
    case 'toml':
      return JSON.parse(JSON.stringify(parseToml(text)));
    case 'env':
      return Object.fromEntries([...parseEnvFile(text, path).vars].map(([k, v]) => [k, v.value]));
    case 'unit':
      return parseUnitFile(text, path).directives.map((d) => ({ section: d.section, key: d.key, value: d.value, line: d.line }));
    case 'cmdline':
      return parseCmdline(text);
    case 'text':
      return null;
  }
}

function setAt(doc: unknown, path: KeyPath, value: unknown): void {
  let cur = doc as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  expect(cur, `the original has ${path.join('.')}`).toHaveProperty([String(last)]);
  cur[last] = value;
}

async function archiveText(tar: Uint8Array): Promise<string> {
  // What `cgdoctor capture -o x.tar.gz` writes, opened again: the bytes a reader would get.
  return gunzipSync(gzipSync(tar)).toString('latin1');
}

describe('a capture holds no canary, and each kept config still parses, value for value, line for line', () => {
  it.each(SHAPES.map((s) => [s.name, s] as const))('%s', async (_name, shape) => {
    const { tar, manifest } = await buildCapture(new MemHost(shape.tree), '/');
    const bytes = await archiveText(tar);
    for (const c of shape.canaries) expect(bytes, c).not.toContain(c);
    const host = await loadCapture(Buffer.from(tar), 'capture');
    for (const [path, f] of Object.entries(shape.files)) {
      const before = shape.tree[path] as string;
      const r = host.read(path);
      expect(r.ok, `${path} is in the capture`).toBe(true);
      const after = r.ok ? r.text : '';
      expect(after.split('\n').length, `${path}: line count`).toBe(before.split('\n').length);
      // A line changes only where it held a secret.
      const a = after.split('\n');
      before.split('\n').forEach((line, i) => {
        if (!shape.canaries.some((c) => line.includes(c) || c.includes(line.trim().slice(0, 16)))) expect(a[i], `${path}:${i + 1}`).toBe(line);
      });
      if (f.format !== 'text') {
        const want = parse(f.format, before, path);
        for (const [p, v] of f.redacted) setAt(want, p, v);
        expect(parse(f.format, after, path), path).toEqual(want);
      }
      const listed = manifest.redacted.find((x) => x.path === path);
      if (f.redacted.length > 0 || f.format === 'text') expect(listed?.values, `${path} listed as redacted`).toBeGreaterThan(0);
      else expect(listed, `${path} has nothing to redact`).toBeUndefined();
    }
    expect(JSON.stringify(manifest)).not.toMatch(/CANARY/);
  });
});

describe('files that are secrets by content are left out whole, with a reason, whatever their name', () => {
  it.each(LEFT_OUT.map((l) => [l.name, l] as const))('%s', async (_name, l) => {
    const { tar, manifest } = await buildCapture(new MemHost(leftOutTree(l)), '/');
    const bytes = await archiveText(tar);
    for (const c of l.canaries) expect(bytes, c).not.toContain(c);
    expect(manifest.files.map((f) => f.path)).not.toContain(l.path);
    expect(manifest.skipped.find((s) => s.path === l.path)?.reason).toMatch(l.reason);
  });
});
