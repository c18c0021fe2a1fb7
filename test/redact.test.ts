import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as jsYaml from 'js-yaml';
import { parse as parseToml } from 'smol-toml';
import { isCredentialKey, isSecretFlag } from '../src/redact/keys.js';
import { redactCredential, redactShapes } from '../src/redact/shapes.js';
import { jsonScalars } from '../src/redact/json.js';
import { tomlScalars } from '../src/redact/toml.js';
import { loadYaml, yamlScalars } from '../src/redact/yaml.js';
import { FIXTURES } from './helpers.js';
import { SHAPES } from './capture-shapes.js';
import { ruleCases } from './rules/cases.js';
import { toTree } from './rules/nodes.js';

const CASES = await ruleCases();

describe('credential keys: one table, folded names', () => {
  it.each([
    'password',
    'REGISTRY_PASSWORD',
    'passwd',
    'token',
    'KUBELET_TOKEN',
    'bootstrapToken',
    'secret',
    'clientSecret',
    'auth',
    'auths',
    'identitytoken',
    'identity_token',
    'registrytoken',
    'Authorization',
    'authorization',
    'bearer',
    'apiKey',
    'api_key',
    'api-key',
    'accessKey',
    'AWS_SECRET_ACCESS_KEY',
    'privateKey',
    'client-key-data',
    'token-data',
    'tokens',
    'passwords',
    'credentials',
  ])('%s holds a credential', (k) => expect(isCredentialKey(k)).toBe(true));

  it.each([
    'authentication',
    'authorization-mode',
    'authorizationMode',
    'tokenFile',
    'token_file',
    'passwordFile',
    'tlsPrivateKeyFile',
    'key_file',
    'cert_file',
    'cacheTTL',
    'tokenTTL',
    'anonymous-auth',
    'author',
    'oauth',
    'username',
    'secretName',
    'secretRef',
    'authentication-token-webhook',
    'token-auth-file',
    'credentialProviderConfig',
    'cgroupDriver',
    'address',
    'enabled',
    'mode',
  ])('%s does not', (k) => expect(isCredentialKey(k)).toBe(false));

  it.each([
    ['--token', true],
    ['--bootstrap-token', true],
    ['--registry-password', true],
    ['--client-secret', true],
    ['-password', true],
    ['--token-auth-file', false],
    ['--authentication-token-webhook', false],
    ['--authorization-mode', false],
    ['--anonymous-auth', false],
    ['--password-stdin', false],
    ['--kubeconfig', false],
    ['--registry-mirror', false],
    ['token', false],
  ])('flag %s', (f, want) => expect(isSecretFlag(f as string)).toBe(want));
});

describe('credential shapes, redacted wherever they are, keeping what locates them', () => {
  it.each([
    ['https://user:p4ss@mirror.example.com/v2', 'https://<redacted>@mirror.example.com/v2'],
    ['http://only-a-token@proxy:3128', 'http://<redacted>@proxy:3128'],
    ['unix:///run/containerd/containerd.sock', 'unix:///run/containerd/containerd.sock'],
    ['Authorization: Bearer abc.DEF-123', 'Authorization: Bearer <redacted>'],
    ['Basic dXNlcjpwYXNz', 'Basic <redacted>'],
    ['Basic settings apply here', 'Basic settings apply here'],
    ['x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln y', 'x <redacted> y'],
    ['join with abcdef.0123456789abcdef now', 'join with <redacted> now'],
    ['--token=abc --v=2', '--token=<redacted> --v=2'],
    ['--bootstrap-token abc --v 2', '--bootstrap-token <redacted> --v 2'],
    ['--token-auth-file=/a --anonymous-auth=false', '--token-auth-file=/a --anonymous-auth=false'],
    ['--registry-password="s3cret"', '--registry-password="<redacted>"'],
    ['API_TOKEN=x1 CLUSTER=prod', 'API_TOKEN=<redacted> CLUSTER=prod'],
    ['https://h/cb?access_token=abc&x=1', 'https://h/cb?access_token=<redacted>&x=1'],
    ['native.cgroupdriver=systemd', 'native.cgroupdriver=systemd'],
    ['-----BEGIN CERTIFICATE-----\nAAA\nBBB\n-----END CERTIFICATE-----', '-----BEGIN CERTIFICATE-----\n<redacted>\n<redacted>\n-----END CERTIFICATE-----'],
    ['-----BEGIN PRIVATE KEY-----\n  AAA\n', '-----BEGIN PRIVATE KEY-----\n  <redacted>\n'],
  ])('%j', (input, want) => {
    const r = redactShapes(input);
    expect(r.text).toBe(want);
    expect(redactShapes(r.text)).toEqual({ text: want, count: 0 });
  });

  it.each([
    ['Bearer abc', 'Bearer <redacted>'],
    ['basic Zm9vOmJhcg==', 'basic <redacted>'],
    ['hunter2', '<redacted>'],
    ['https://u:p@m.example.com', 'https://<redacted>@m.example.com'],
    ['$REGISTRY_PASSWORD', '$REGISTRY_PASSWORD'],
    ['', ''],
    ['/etc/containerd/certs/client.key', '/etc/containerd/certs/client.key'],
  ])('the value of a credential key %j', (v, want) => expect(redactCredential(v)).toBe(want));
});

/** Every file of these kinds in the fixtures, the rule cases' nodes and the shapes, each text once. */
function corpus(re: RegExp): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(p);
      else if (e.isFile() && re.test(p)) out.push([path.relative(FIXTURES, p), fs.readFileSync(p, 'utf8')]);
    }
  };
  walk(FIXTURES);
  for (const c of CASES) for (const [p, t] of Object.entries(toTree(c.node))) if (re.test(p) && typeof t === 'string') out.push([`${c.id}: ${p}`, t]);
  for (const s of SHAPES) for (const [p, t] of Object.entries(s.tree)) if (re.test(p) && typeof t === 'string') out.push([`${s.name}: ${p}`, t]);
  return out.filter(([, t]) => !seen.has(t) && seen.add(t));
}

function stringLeaves(doc: unknown, out: string[] = []): string[] {
  if (typeof doc === 'string') out.push(doc);
  else if (Array.isArray(doc)) for (const d of doc) stringLeaves(d, out);
  else if (typeof doc === 'object' && doc !== null && !(doc instanceof Date)) for (const d of Object.values(doc)) stringLeaves(d, out);
  return out;
}
const strings = (scalars: Array<{ value: string | number }>) =>
  scalars
    .map((s) => s.value)
    .filter((v): v is string => typeof v === 'string')
    .sort();

// The scanners keep positions the scan's parsers do not; each must find exactly the strings those
// parsers find, each at a source span that holds it.
describe('the position-keeping scanners agree with the scan parsers', () => {
  const TOML_EDGE = `a = """
x\\
  y"""
b = '''two
lines'''
c = "esc \\" \\u00e9 \\\\"
d = { e = ["f", 'g'], h = { i = 1979-05-27T07:32:00Z } }
[[t]]
"quoted.key" = "q" # a comment "x"
[t.sub]
j = [ # comment in an array
  "k",
  1_000,
]
`;
  it.each([...corpus(/\.toml$|crio\.conf/), ['edge cases', TOML_EDGE] as [string, string]])('TOML %s', (_name, text) => {
    const t = tomlScalars(text);
    expect(t).toBeDefined();
    expect(strings(t!.scalars)).toEqual(stringLeaves(parseToml(text)).sort());
    for (const s of t!.scalars) expect(text.slice(s.start, s.end)).toMatch(/^["']|^[-+\d]/);
  });

  it.each([...corpus(/\.json$/), ['edge cases', '{"a":[1,-2.5e3,"\\u00e9\\n",{"b":null}],"c":true,"d":""}'] as [string, string]])('JSON %s', (_name, text) => {
    const s = jsonScalars(text);
    expect(s).toBeDefined();
    expect(strings(s!)).toEqual(stringLeaves(JSON.parse(text)).sort());
    for (const x of s!) expect(JSON.parse(text.slice(x.start, x.end))).toBe(x.value);
  });

  const parsesAsYaml = ([, t]: [string, string]) => {
    try {
      jsYaml.loadAll(t, null, { json: true });
      return true;
    } catch {
      return false;
    }
  };
  it.each(corpus(/\.ya?ml$|kubelet\.conf$/).filter(parsesAsYaml))('YAML %s', async (_name, text) => {
    const y = yamlScalars(await loadYaml(), text);
    expect(y).toBeDefined();
    // Keys are not listed as scalars: compare with js-yaml's values only.
    expect(strings(y!.scalars)).toEqual(stringLeaves(jsYaml.loadAll(text, null, { json: true })).sort());
  });

  it('gives up on what is not its format', () => {
    expect(jsonScalars('{"a": 1,}')).toBeUndefined();
    expect(jsonScalars('{"a": 1} x')).toBeUndefined();
    expect(tomlScalars('a = "unterminated\n')).toBeUndefined();
    expect(tomlScalars('[section\n')).toBeUndefined();
  });
});

// `yaml` takes ~40 ms to load: a scan never pays for it, a capture only when it meets a YAML file.
describe('start-up: the yaml package is loaded only by a capture, and lazily', () => {
  const DIST = path.join(FIXTURES, '..', 'dist', 'cli');
  const staticGraph = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s[^;]*?from\s+"(\.[^"]+)"|^import\s+"(\.[^"]+)"/gm)) staticGraph(path.resolve(path.dirname(file), m[1] ?? m[2]!), seen);
    return seen;
  };
  // The chunk main.js loads for a command (dist/ may hold older builds' chunks beside it).
  const chunk = (prefix: string) => path.join(DIST, new RegExp(`import\\("\\./(chunks/${prefix}[^"]+)"\\)`).exec(fs.readFileSync(path.join(DIST, 'main.js'), 'utf8'))![1]!);

  it('nothing the scan command loads imports yaml', () => {
    expect(staticGraph(chunk('scan-command-')).size).toBeGreaterThan(3);
    for (const f of [...staticGraph(path.join(DIST, 'main.js')), ...staticGraph(chunk('scan-command-'))]) {
      expect(fs.readFileSync(f, 'utf8'), path.basename(f)).not.toMatch(/from "yaml"|import\("yaml"\)|require\d*\("yaml"\)/);
    }
  });

  it('the capture command imports it on demand only', () => {
    const text = [...staticGraph(chunk('capture-command-'))].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    expect(text).toMatch(/await import\("yaml"\)/);
    expect(text).not.toMatch(/from "yaml"/);
  });
});
