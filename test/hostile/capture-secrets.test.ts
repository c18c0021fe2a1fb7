import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as jsYaml from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import { buildCapture } from '../../src/capture.js';
import { redactFile } from '../../src/redact/index.js';
import { MemHost } from '../../src/host/mem-host.js';
import { loadCapture } from '../../src/host/tar-host.js';
import { parseCmdline } from '../../src/collect/parse/cmdline.js';
import { parseEnvFile, parseUnitFile } from '../../src/collect/parse/systemd-unit.js';
import { LEFT_OUT, SHAPES, leftOutTree, type Format, type KeyPath } from '../capture-shapes.js';
import { v1Node, kubelet, containerd } from '../rules/trees.js';

/** A node whose scan reads `path`: containerd imports a TOML, kubelet --config reads the rest. */
const readBy = (path: string, text: string) =>
  path.endsWith('.toml')
    ? v1Node({ ...containerd(), 'etc/containerd/config.toml': `version = 2\nimports = ["/${path}"]\n`, [path]: text })
    : v1Node({ ...kubelet([`--config=/${path}`]), [path]: text });

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

describe('what looks random but is no secret is kept', () => {
  it.each([
    // A GKE node's name: the scan prints it in the report's first line anyway.
    ['a GKE node name in etc/hostname', 'etc/hostname', 'gke-cluster-1-default-pool-5c1e3b2a-x7k2\n'],
  ])('%s', async (_name, path, text) => {
    const { tar, manifest } = await buildCapture(new MemHost({ 'proc/1/comm': 'systemd\n', [path]: text }), '/');
    expect(manifest.skipped.find((s) => s.path === path)).toBeUndefined();
    const r = (await loadCapture(Buffer.from(tar), 'capture')).read(path);
    expect(r.ok && r.text).toBe(text);
  });
});

describe('what cannot be redacted in place is left out, never shipped unverified', () => {
  // Keys are never rewritten (a scan looks values up by key): a credential in one leaves the file out.
  it.each([
    ['a JSON key', 'etc/docker/daemon.json', '{\n  "auths": {\n    "https://u:CANARYkey1x@m.example.com": {}\n  }\n}\n', 'CANARYkey1x'],
    ['a YAML key', 'etc/rancher/k3s/registries.yaml', 'mirrors:\n  "https://u:CANARYkey2y@m.example.com":\n    endpoint: [x]\n', 'CANARYkey2y'],
    ['a TOML table name', 'etc/containerd/certs.d/docker.io/hosts.toml', '[host."https://u:CANARYkey3z@m.example.com"]\n  capabilities = ["pull"]\n', 'CANARYkey3z'],
  ])('a credential in %s', async (_what, path, text, canary) => {
    const tree = readBy(path, text);
    const { tar, manifest } = await buildCapture(new MemHost(tree), '/');
    expect(await archiveText(tar)).not.toContain(canary);
    expect(manifest.skipped.find((s) => s.path === path)?.reason).toMatch(/^could not be redacted safely/);
    expect(JSON.stringify(manifest)).not.toContain(canary);
  });
});

describe('comments are prose: credentials in them are redacted too', () => {
  it.each([
    [
      'var/lib/kubelet/config.yaml',
      'cgroupDriver: systemd # was: password: CANARYc1\n# token: CANARYc2\n',
      'cgroupDriver: systemd # was: password: <redacted>\n# token: <redacted>\n',
    ],
    [
      'etc/containerd/config.toml',
      'version = 2\n# auth = "CANARYc3"\n  # old mirror https://u:CANARYc4@m.example.com\n',
      'version = 2\n# auth = "<redacted>"\n  # old mirror https://<redacted>@m.example.com\n',
    ],
    [
      'lib/systemd/system/kubelet.service',
      '[Service]\n# KUBELET_TOKEN=CANARYc5\nExecStart=/usr/bin/kubelet\n',
      '[Service]\n# KUBELET_TOKEN=<redacted>\nExecStart=/usr/bin/kubelet\n',
    ],
  ])('%s', async (path, text, want) => {
    const d = await redactFile(path, Buffer.from(text));
    expect('keep' in d && d.keep.toString()).toBe(want);
  });
});

describe('a value named by its sibling, as a pod spec lists environment variables', () => {
  it.each([
    [
      'etc/kubernetes/manifests/kube-apiserver.yaml',
      'spec:\n  containers:\n  - env:\n    - name: REGISTRY_PASSWORD\n      value: CANARYenv1\n    - name: LOG_LEVEL\n      value: debug\n',
      'spec:\n  containers:\n  - env:\n    - name: REGISTRY_PASSWORD\n      value: <redacted>\n    - name: LOG_LEVEL\n      value: debug\n',
    ],
    [
      'var/lib/kubelet/pod.json',
      '{"env": [{"name": "API_TOKEN", "value": "CANARYenv2"}, {"name": "MODE", "value": "x"}, {"name": "SECRET", "value": {"k": "v"}}]}',
      '{"env": [{"name": "API_TOKEN", "value": "<redacted>"}, {"name": "MODE", "value": "x"}, {"name": "SECRET", "value": {"k": "v"}}]}',
    ],
  ])('%s', async (path, text, want) => {
    const d = await redactFile(path, Buffer.from(text));
    expect('keep' in d && d.keep.toString()).toBe(want);
  });
});

describe('multi-line strings keep their lines', () => {
  it.each([
    [
      'a TOML credential over three lines',
      'etc/containerd/config.toml',
      'password = """\nCANARYml1\nCANARYml2"""\nk = 1\n',
      'password = """\n<redacted>\\\n<redacted>"""\nk = 1\n',
    ],
    [
      'a PEM in a TOML literal string',
      'etc/containerd/config.toml',
      "ca = '''\n-----BEGIN CERTIFICATE-----\nCANARYml3\n-----END CERTIFICATE-----\n'''\n",
      "ca = '''\n-----BEGIN CERTIFICATE-----\n<redacted>\n-----END CERTIFICATE-----\n'''\n",
    ],
    ['a YAML folded credential', 'var/lib/kubelet/config.yaml', 'token: >\n  CANARYml4\n  CANARYml5\nnext: 1\n', 'token: >\n  <redacted>\n  <redacted>\nnext: 1\n'],
    ['a YAML plain scalar over two lines', 'var/lib/kubelet/config.yaml', 'password: CANARYml6\n  CANARYml7\nnext: 1\n', 'password: <redacted>\n  <redacted>\nnext: 1\n'],
    [
      'a YAML double-quoted JWT over two lines',
      'var/lib/kubelet/config.yaml',
      'note: "see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.CANARYml8\n  and more"\nnext: 1\n',
      'note: "see <redacted>\n  and more"\nnext: 1\n',
    ],
  ])('%s', async (_name, path, text, want) => {
    const d = await redactFile(path, Buffer.from(text));
    expect('keep' in d && d.keep.toString()).toBe(want);
  });
});
