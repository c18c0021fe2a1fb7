import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DirHost } from '../src/host/dir-host.js';
import { MemHost } from '../src/host/mem-host.js';
import { buildCapture } from '../src/capture.js';
import { CaptureError, loadCapture } from '../src/host/tar-host.js';
import { scan, type ScanResult } from '../src/scan.js';
import { redactArgs, redactFile } from '../src/redact/index.js';
import { FIXTURES, fixtureNames, runCli } from './helpers.js';
import { expectationOf, ruleCases } from './rules/cases.js';

const same = (r: ScanResult) => ({ layout: r.layout, findings: r.findings, skipped: r.skipped, warnings: r.warnings });
const CASES = await ruleCases();

describe('capture then scan --from gives the findings of the tree itself', () => {
  for (const name of fixtureNames('root')) {
    it(name, async () => {
      const root = path.join(FIXTURES, name, 'root');
      const direct = scan(new DirHost(root, 'tree'));
      const { tar } = await buildCapture(new DirHost(root, root), root);
      const fromCapture = scan(await loadCapture(Buffer.from(tar), 'capture'));
      expect(same(fromCapture)).toEqual(same(direct));
    });
  }

  // Every rule's firing node and near miss, so each rule's evidence survives the capture.
  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const { tree } = expectationOf(c);
    const direct = scan(new MemHost(tree, 'tree'));
    // Not "/": a capture of a tree is not a live view (a tree's own capture.json says if it was).
    const { tar } = await buildCapture(new MemHost(tree, 'tree'), 'node');
    const fromCapture = scan(await loadCapture(Buffer.from(tar), 'capture'));
    expect(same(fromCapture)).toEqual(same(direct));
  });
});

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-capture-'));
});

describe('cgdoctor capture and scan --from on the command line', () => {
  it('round-trips a fixture, and writes a manifest', () => {
    const out = path.join(tmp, 'seed000.tar.gz');
    const c = runCli(['capture', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '-o', out]);
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/^cgdoctor: captured \d+ files .* to .*seed000\.tar\.gz, \d+ bytes\n$/);
    const a = JSON.parse(runCli(['scan', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '--format', 'json']).stdout) as ScanResult;
    const b = runCli(['scan', '--from', out, '--format', 'json']);
    expect(b.code).toBe(1);
    expect(same(JSON.parse(b.stdout))).toEqual(same(a));
  });

  it('says what the caps cut', async () => {
    const out = path.join(tmp, 'small.tar');
    const c = runCli(['capture', '--root', 'fixtures/healthy-v2-systemd/root', '-o', out, '--max-files', '20']);
    expect(c.stderr).toMatch(/cut by the caps: \d+ entries, \d+ bytes left out/);
    const manifest = JSON.parse(`${fs.readFileSync(out).subarray(512).toString('utf8').split('\n}\n')[0]}\n}`);
    expect(manifest.cut.files).toBeGreaterThan(0);
  });
});

describe('never captures secrets', () => {
  const tree = {
    'proc/1/comm': 'systemd\n',
    'proc/77/comm': 'kubelet\n',
    'proc/77/cmdline':
      '/usr/bin/kubelet\0--token=k8s-tok-1\0--bootstrap-token\0abcdef.0123456789abcdef\0--kubeconfig=/etc/kubernetes/kubelet.conf\0--anonymous-auth=false\0--cgroup-driver=systemd\0',
    'proc/self/mountinfo': '30 25 0:28 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n',
    'lib/systemd/system/kubelet.service':
      '[Service]\nEnvironment="KUBELET_TOKEN=unit-secret-2"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nExecStart=/usr/bin/kubelet $KUBELET_KUBEADM_ARGS\n',
    'var/lib/kubelet/kubeadm-flags.env':
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --api-key=env-secret-3"\nREGISTRY_PASSWORD=env-secret-4\n',
    'etc/containerd/config.toml':
      'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry.configs."r.example".auth]\n  username = "robot"\n  password = "toml-secret-5"\n  auth = "dG9tbC1zZWNyZXQtNg=="\n',
    'etc/crio/crio.conf.d/10-auth.conf': '[crio.image]\nglobal_auth_file = "/etc/crio/auth.json"\n',
    'etc/crio/crio.conf.d/client.key': '-----BEGIN PRIVATE KEY-----\nkey-secret-7\n',
    'etc/crio/crio.conf.d/token': 'token-secret-8\n',
    'etc/crio/crio.conf': '[crio.runtime]\ncgroup_manager = "systemd"\n',
    'proc/88/comm': 'crio\n',
    'proc/88/cmdline': '/usr/bin/crio\0',
  };
  it('leaves out key, token and kubeconfig files and redacts credential values', async () => {
    const { tar, manifest } = await buildCapture(new MemHost(tree), '/');
    const text = Buffer.from(tar).toString('latin1');
    for (const secret of [
      'k8s-tok-1',
      'abcdef.0123456789abcdef',
      'unit-secret-2',
      'env-secret-3',
      'env-secret-4',
      'toml-secret-5',
      'dG9tbC1zZWNyZXQtNg==',
      'key-secret-7',
      'token-secret-8',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    // What is not a secret stays, so the capture still diagnoses.
    expect(text).toContain('--cgroup-driver=systemd');
    expect(text).toContain('--anonymous-auth=false');
    expect(text).toContain('username = "robot"');
    expect(manifest.redacted.map((r) => r.path).sort()).toEqual([
      'etc/containerd/config.toml',
      'lib/systemd/system/kubelet.service',
      'proc/77/cmdline',
      'var/lib/kubelet/kubeadm-flags.env',
    ]);
    expect(manifest.files.map((f) => f.path)).not.toContain('etc/crio/crio.conf.d/client.key');
    const host = await loadCapture(Buffer.from(tar), 'c');
    expect(host.read('proc/77/cmdline')).toMatchObject({ ok: true, text: expect.stringContaining('--token=<redacted>\0--bootstrap-token\0<redacted>\0') });
  });

  it.each([
    [['--token=x'], ['--token=<redacted>']],
    [
      ['--bootstrap-token', 'x', '--v', '2'],
      ['--bootstrap-token', '<redacted>', '--v', '2'],
    ],
    [
      ['--token-auth-file=/a', '--authentication-token-webhook', '--authorization-mode=Webhook'],
      ['--token-auth-file=/a', '--authentication-token-webhook', '--authorization-mode=Webhook'],
    ],
  ])('redactArgs %j', (args, want) => expect(redactArgs(args)).toEqual(want));

  it.each([
    ['var/lib/kubelet/config.yaml', 'password: hunter2', 'password: <redacted>'],
    ['etc/containerd/config.toml', '  password = "x" # old', '  password = "<redacted>" # old'],
    ['var/lib/kubelet/config.yaml', 'tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key', 'tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key'],
    ['lib/systemd/system/x.service', 'ExecStart=/usr/bin/x --client-secret=abc --v=2', 'ExecStart=/usr/bin/x --client-secret=<redacted> --v=2'],
    ['lib/systemd/system/x.service', 'Environment="AWS_SECRET_ACCESS_KEY=abc"', 'Environment="AWS_SECRET_ACCESS_KEY=<redacted>"'],
    ['var/lib/kubelet/config.yaml', 'authorization:', 'authorization:'],
    ['usr/share/doc/x/README', 'The update-passwd tool keeps', 'The update-passwd tool keeps'],
  ])('redactFile %s %j', async (path, text, want) => {
    const d = await redactFile(path, Buffer.from(text));
    expect('keep' in d ? d.keep.toString() : d.skip).toBe(want);
  });

  // What is a secret is decided by content: the same name holds a kubeconfig on a kubeadm node
  // and a KubeletConfiguration on OpenShift.
  const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: u\n  user:\n    token: t0k3n-value\n';
  const PEM_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n';
  it.each([
    ['etc/kubernetes/pki/ca.key', PEM_KEY, /private key/],
    ['var/lib/kubelet/pki/kubelet-client-current.pem', `-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n${PEM_KEY}`, /private key/],
    ['etc/kubernetes/kubelet.conf', KUBECONFIG, /kubeconfig/],
    ['etc/kubernetes/bootstrap-kubelet.conf', KUBECONFIG, /kubeconfig/],
    ['etc/kubernetes/admin.conf', KUBECONFIG, /kubeconfig/],
    ['etc/kubernetes/kubelet.conf', 'kind: KubeletConfiguration\ncgroupDriver: systemd\n', undefined],
    ['var/lib/kubelet/config.yaml', 'cgroupDriver: systemd\n', undefined],
    ['etc/containerd/config.toml', 'version = 2\n', undefined],
    ['proc/1/cmdline', 'systemd\0', undefined],
  ])('left out or kept: %s', async (p, text, reason) => {
    const d = await redactFile(p, Buffer.from(text));
    if (reason) expect('skip' in d && d.skip).toMatch(reason);
    else expect(d).toEqual({ keep: Buffer.from(text), values: 0 });
  });
});

/** A ustar header by hand: hostile archives need what a polite writer refuses to write. */
function entry(name: string, type: string, data = '', linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${Buffer.byteLength(data).toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkname, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(data) / 512) * 512);
  body.write(data);
  return Buffer.concat([h, body]);
}
const archive = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);

describe('hostile captures are refused with one line, exit 2, nothing written', () => {
  const good = entry('proc/1/comm', '0', 'systemd\n');
  const cases: Array<[string, Buffer, RegExp, string[]?]> = [
    ['an absolute path', archive(good, entry('/etc/passwd', '0', 'x')), /entry "\/etc\/passwd" has an absolute path; refused/],
    ['a .. component', archive(entry('proc/../../etc/x', '0', 'x')), /contains "\.\."; refused/],
    ['a link leaving the root', archive(entry('a/escape', '2', '', '../../../etc')), /link "a\/escape" -> "..\/..\/..\/etc" leaves the root; refused/],
    [
      'an absolute link with entries beneath it',
      archive(entry('host/etc', '2', '', '/etc'), entry('host/etc/passwd', '0', 'x')),
      /link "host\/etc" -> "\/etc" leaves the root and has entries beneath it; refused/,
    ],
    ['a device file', archive(entry('dev/sda', '4')), /entry "dev\/sda" is a block-device/],
    ['a FIFO', archive(entry('run/fifo', '6')), /entry "run\/fifo" is a fifo/],
    ['more files than --max-files', archive(good, good, good), /3 entries, more than --max-files 2; refused/, ['--max-files', '2']],
    ['more bytes than --max-bytes', archive(entry('big', '0', 'x'.repeat(3000))), /more than --max-bytes/, ['--max-bytes', '2048']],
    ['a truncated gzip', gzipSync(archive(good)).subarray(0, 30), /corrupt or truncated gzip/],
    ['a corrupt gzip', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(64, 7)]), /corrupt or truncated gzip/],
    ['a gzip bomb', gzipSync(Buffer.alloc(8 * 1024 * 1024)), /expands to more than --max-bytes \(65536 bytes\); refused/, ['--max-bytes', '65536']],
    ['a truncated tar', archive(good).subarray(0, 700), /not a complete tar archive/],
    [
      'a header with a bad checksum',
      (() => {
        const b = archive(good);
        b[10] = 0x41;
        return b;
      })(),
      /not a valid tar archive/,
    ],
  ];
  it.each(cases)('%s', (_name, bytes, message, extra) => {
    const dir = fs.mkdtempSync(path.join(tmp, 'hostile-'));
    const file = path.join(dir, 'capture.tar');
    fs.writeFileSync(file, bytes);
    const r = runCli(['scan', '--from', file, ...(extra ?? [])], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(fs.readdirSync(dir)).toEqual(['capture.tar']);
  });

  it('loadCapture throws CaptureError (not a crash) on every case', async () => {
    for (const [, bytes, , extra] of cases) {
      const flag = (f: string, d: number) => (extra && extra[0] === f ? Number(extra[1]) : d);
      const caps = { maxFiles: flag('--max-files', 100), maxBytes: flag('--max-bytes', 1 << 20) };
      await expect(loadCapture(bytes, 'x', caps)).rejects.toThrow(CaptureError);
    }
  });

  it("accepts an absolute link that is a leaf, as a process's exe link is, and reads it as written", async () => {
    const host = await loadCapture(archive(entry('proc/41/comm', '0', 'kubelet\n'), entry('proc/41/exe', '2', '', '/usr/bin/kubelet')), 'ok');
    expect(host.readLink('proc/41/exe')).toEqual({ ok: true, target: '/usr/bin/kubelet' });
  });

  it('accepts a link that stays inside the root, as the tree has it', async () => {
    const host = await loadCapture(archive(entry('proc/1/comm', '0', 'systemd\n'), entry('proc/self', '2', '', '1')), 'ok');
    expect(host.read('proc/self/comm')).toMatchObject({ ok: true, text: 'systemd\n' });
    expect(gunzipSync(gzipSync(Buffer.from('x'))).toString()).toBe('x');
  });
});
