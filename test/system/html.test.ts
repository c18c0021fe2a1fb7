import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FIXTURES, fixtureNames, runCli } from '../helpers.js';
import type { FleetReport } from '../../src/fleet/merge.js';
import { missingProgram } from './cases.js';
import { which } from './lib/machine.js';

/**
 * `cgdoctor report --format html` in Debian's Chromium, headless: the fixtures as a cluster, and a
 * node whose name and subject are markup. Every rule and node must be in the DOM, nothing may be
 * requested (the page's own CSP and a request listener), no script from a report may run, the
 * filters must hide what they leave out, and the screenshot must show the page, not a blank.
 */

let dir = '';
let browser: Browser | undefined;
let page: Page | undefined;
let report: FleetReport | undefined;
const requests: string[] = [];
const dialogs: string[] = [];
const why = () => missingProgram('chromium');
const HOSTILE = '<img src=x onerror=alert(1)>';

beforeAll(async () => {
  if (why()) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-test-html-'));
  const fleet = path.join(dir, 'fleet');
  fs.mkdirSync(fleet);
  for (const name of fixtureNames('root')) {
    const r = runCli(['scan', '--root', path.join(FIXTURES, name, 'root'), '--format', 'json']);
    fs.writeFileSync(path.join(fleet, `${name}.json`), JSON.stringify({ ...JSON.parse(r.stdout), node: name }));
  }
  const seed = JSON.parse(fs.readFileSync(path.join(fleet, 'seed-000-cpuset-empty-kubelet-metrics.json'), 'utf8'));
  seed.node = HOSTILE;
  seed.findings[0].subject = '</script><script>alert(2)</script>';
  fs.writeFileSync(path.join(fleet, 'hostile.json'), JSON.stringify(seed));
  report = JSON.parse(runCli(['report', fleet, '--format', 'json']).stdout) as FleetReport;
  const html = path.join(dir, 'report.html');
  expect(runCli(['report', fleet, '--format', 'html', '-o', html]).code).toBe(1);
  browser = await chromium.launch({
    executablePath: which('chromium')!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) requests.push(r.url());
  });
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(`file://${html}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('report --format html in Chromium', () => {
  it('holds every rule and every node of the report, and requests nothing', async (ctx) => {
    if (why()) ctx.skip(why()!);
    const ids = await page!.$$eval('.rule .id', (els) => els.map((e) => e.textContent));
    expect(ids).toEqual(report!.rules.map((r) => r.rule));
    const nodes = new Set(await page!.$$eval('li[data-node]', (els) => els.map((e) => e.getAttribute('data-node'))));
    expect([...nodes].sort()).toEqual(report!.nodeList.map((n) => n.node).sort());
    const counts = await page!.$$eval('.rule .row .count', (els) => els.map((e) => e.textContent));
    expect(counts).toEqual(report!.rules.map((r) => `${r.nodes.length} of ${report!.nodes}`));
    expect(requests).toEqual([]);
  });

  it('shows markup from a report as text and runs none of it', async (ctx) => {
    if (why()) ctx.skip(why()!);
    expect(dialogs).toEqual([]);
    expect(await page!.$$eval('img', (els) => els.length)).toBe(0);
    expect(await page!.locator('li[data-node]', { hasText: HOSTILE }).count()).toBeGreaterThan(0);
    // The subject under its rule, and in its node's finding set.
    expect(await page!.locator('code', { hasText: '</script><script>alert(2)</script>' }).count()).toBe(2);
  });

  it('opens a finding to its evidence and its fix', async (ctx) => {
    if (why()) ctx.skip(why()!);
    const finding = page!.locator('.rule', { has: page!.locator('.id', { hasText: 'CG001' }) }).locator('details.finding', { hasText: '/system.slice/kubelet.service' });
    await finding.locator('summary').click();
    await expect.poll(() => finding.locator('.evidence').isVisible()).toBe(true);
    expect(await finding.locator('.evidence').textContent()).toContain('sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus:1');
    expect(await finding.locator('.fix code').first().textContent()).toContain('cat /sys/fs/cgroup/cpuset/system.slice/cpuset.cpus >');
  });

  it('filters by rule and by node name', async (ctx) => {
    if (why()) ctx.skip(why()!);
    await page!.fill('#rule-filter', 'driver-mismatch');
    expect(await page!.locator('.rule:visible .id').allTextContents()).toEqual(['CG009']);
    expect(await page!.locator('#shown').textContent()).toBe(`1 of ${report!.rules.length} rules shown`);
    await page!.fill('#rule-filter', '');
    await page!.fill('#node-filter', 'seed-004');
    const want = report!.rules.filter((r) => r.nodes.includes('seed-004-cpu-mirror-unmounted')).map((r) => r.rule);
    expect(await page!.locator('.rule:visible .id').allTextContents()).toEqual(want);
    expect(await page!.locator('.group:visible').count()).toBe(1);
    expect(await page!.locator('li.hit').first().textContent()).toBe('seed-004-cpu-mirror-unmounted');
    await page!.fill('#node-filter', '');
    expect(await page!.locator('.rule:visible').count()).toBe(report!.rules.length);
  });

  it('looks like a page: the screenshot has the dark header, the severity colours and many more', async (ctx) => {
    if (why()) ctx.skip(why()!);
    const png = await page!.screenshot({ fullPage: false });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Read back in a blank page of the same browser (the report's CSP allows no image): no image library needed.
    const probe = await browser!.newPage();
    // A string, run in the browser: the test's own types know no DOM.
    const seen = (await probe.evaluate(`(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      for (let i = 0; i < px.length; i += 4 * 7) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      return { width: c.width, height: c.height, colours: colours.size, header: Array.from(g.getImageData(5, 5, 1, 1).data.slice(0, 3)), list: [...colours] };
    })(${JSON.stringify(png.toString('base64'))})`)) as { width: number; height: number; colours: number; header: number[]; list: number[] };
    await probe.close();
    expect([seen.width, seen.height]).toEqual([1200, 900]);
    expect(seen.header).toEqual([0x26, 0x32, 0x38]);
    expect(seen.colours).toBeGreaterThan(50);
    // The error red of the summary bar and the badges.
    expect(seen.list).toContain((0xc6 << 16) | (0x28 << 8) | 0x28);
  });
});
