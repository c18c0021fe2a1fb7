import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { MemHost } from '../../src/host/mem-host.js';
import { scan } from '../../src/scan.js';
import { BIN, FIXTURES, fixtureTree } from '../helpers.js';

/**
 * A file that exists but cannot be read is not absent: it is named in a warning, and the rules
 * that needed it are skipped with that reason, never run on a tree that lacks it. Add a case: the
 * paths to close, a rule that must be skipped, and its reason.
 */
const CASES: Array<{ name: string; closed: string[]; skipped: Record<string, string>; warning: string }> = [
  {
    name: 'a unit drop-in at mode 000',
    closed: ['etc/systemd/system/kubelet.service.d/20-extra.conf'],
    skipped: {
      CG002: 'could not read etc/systemd/system/kubelet.service.d/20-extra.conf: permission denied',
      CG016: 'could not read etc/systemd/system/kubelet.service.d/20-extra.conf: permission denied',
    },
    warning: 'could not read etc/systemd/system/kubelet.service.d/20-extra.conf: permission denied',
  },
  {
    name: "an unreadable mount table (no fallback to the scanner's own)",
    closed: ['proc/1/mountinfo'],
    skipped: {
      CG003: 'could not read proc/1/mountinfo: permission denied',
      CG014: 'could not read proc/1/mountinfo: permission denied',
      CG018: 'could not read proc/1/mountinfo: permission denied',
    },
    warning: 'could not read proc/1/mountinfo: permission denied',
  },
  {
    name: 'a kubelet root dir only root may enter',
    closed: ['var/lib/kubelet'],
    skipped: {
      CG009: "kubelet's cgroupDriver is unknown: could not read var/lib/kubelet/config.yaml: permission denied",
      CG024: 'could not read var/lib/kubelet/cpu_manager_state: permission denied (and 1 more)',
    },
    warning: 'could not read var/lib/kubelet/config.yaml: permission denied',
  },
];

describe('unreadable is not absent', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const tree = fixtureTree('healthy-v1-systemd');
      tree['etc/systemd/system/kubelet.service.d/20-extra.conf'] = '[Service]\nExecStartPre=/bin/true\n';
      for (const p of c.closed) tree[p] = tree[p] === undefined || typeof tree[p] === 'object' ? { dir: true, denied: true } : { denied: true };
      const r = scan(new MemHost(tree));
      expect(r.warnings).toContain(c.warning);
      for (const [rule, reason] of Object.entries(c.skipped)) expect(r.skipped.find((s) => s.rule === rule)?.reason, rule).toBe(reason);
      // Nothing fires that the readable node does not show.
      expect(r.findings.map((f) => f.rule).filter((x) => x !== 'CG018')).toEqual([]);
    });
  }
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-test-unreadable-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const nobody = { uid: 65534, gid: 65534 };
const canDrop = process.getuid?.() === 0;

describe('as an unprivileged user on a real tree', () => {
  it.skipIf(!canDrop)('names what it could not read, skips what needed it, and says it is not root', () => {
    if (!canDrop) return;
    const root = path.join(tmp, 'node');
    fs.cpSync(path.join(FIXTURES, 'healthy-v1-systemd', 'root'), root, { recursive: true });
    const dropin = path.join(root, 'etc/systemd/system/kubelet.service.d/20-extra.conf');
    fs.writeFileSync(dropin, '[Service]\nExecStartPre=/bin/true\n');
    fs.chmodSync(dropin, 0o000);
    fs.chmodSync(tmp, 0o755);
    const r = spawnSync(process.execPath, [BIN, 'scan', '--root', root, '--format', 'json'], { ...nobody, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.warnings).toContain('could not read etc/systemd/system/kubelet.service.d/20-extra.conf: permission denied');
    expect(j.skipped).toContainEqual({ rule: 'CG002', reason: 'could not read etc/systemd/system/kubelet.service.d/20-extra.conf: permission denied' });
    expect(j.facts.privileges).toEqual({ uid: 65534, root: false });
    const table = spawnSync(process.execPath, [BIN, 'scan', '--root', root], { ...nobody, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(table.stdout.split('\n').slice(0, 12).join('\n')).toMatch(/not root \(uid 65534\)/);
  });
  if (!canDrop) console.log('skipped: the unprivileged-user test needs root to drop to uid 65534');
});

describe('a capture keeps what it could not read as unreadable', () => {
  it('scan --from skips the same rules for the same reasons', async () => {
    const { buildCapture } = await import('../../src/capture.js');
    const { loadCapture } = await import('../../src/host/tar-host.js');
    const tree = fixtureTree('healthy-v1-systemd');
    tree['etc/systemd/system/kubelet.service.d/20-extra.conf'] = { denied: true };
    tree['var/lib/kubelet'] = { dir: true, denied: true };
    const direct = scan(new MemHost(tree));
    const { tar, manifest } = await buildCapture(new MemHost(tree), 'node');
    expect(manifest.skipped).toEqual(
      expect.arrayContaining([
        { path: 'etc/systemd/system/kubelet.service.d/20-extra.conf', reason: 'unreadable (denied)' },
        { path: 'var/lib/kubelet/config.yaml', reason: 'unreadable (denied)' },
        { path: 'var/lib/kubelet/pods', reason: 'unreadable directory (denied)' },
      ]),
    );
    const fromCapture = scan(await loadCapture(Buffer.from(tar), 'capture'));
    expect(fromCapture.skipped).toEqual(direct.skipped);
    expect(fromCapture.findings).toEqual(direct.findings);
  });
});
