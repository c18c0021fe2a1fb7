import * as fs from 'node:fs';
import { DirHost } from '../host/dir-host.js';
import { buildCapture, gzip } from '../capture.js';
import { DEFAULT_CAPS } from '../host/tar-host.js';
import { safeText } from '../report/safe-text.js';
import { checkRoot } from './root.js';
import { nothingChecked } from '../scan.js';
import { checkOutput, writeOutput } from './output.js';
import { CliError, EXIT } from './errors.js';
import { progress } from './progress.js';
import { loadLibs, SCAN_LIBS } from '../libs.js';

export interface CaptureOptions {
  root: string;
  output: string;
  maxFiles?: number;
  maxBytes?: number;
}

/** `cgdoctor capture -o node.tar.gz`: what scan reads, redacted, in one archive. */
export async function runCapture(o: CaptureOptions): Promise<number> {
  checkRoot(o.root);
  await loadLibs(SCAN_LIBS);
  if (!/\.(tar|tar\.gz|tgz)$/.test(o.output)) throw new CliError(`--output ${o.output}: name the archive .tar, .tar.gz or .tgz`);
  checkOutput(o.output, { roots: [o.root] });
  const caps = { maxFiles: o.maxFiles ?? DEFAULT_CAPS.maxFiles, maxBytes: o.maxBytes ?? DEFAULT_CAPS.maxBytes };
  const live = fs.realpathSync(o.root) === '/';
  const bar = progress();
  const host = new DirHost(o.root, o.root);
  const { tar, manifest, result } = await buildCapture(host, live ? '/' : o.root, caps, new Date(), bar.update);
  bar.done();
  // An archive of nothing would scan to "nothing could be checked" wherever it goes: say so here.
  const nothing = nothingChecked(result);
  if (nothing) throw new CliError(`${nothing}; no archive written`);
  const bytes = o.output.endsWith('.tar') ? Buffer.from(tar) : gzip(tar);
  await writeOutput(bytes, o.output, { roots: [o.root], read: (p) => host.readPaths.has(p) });
  const cut = manifest.cut ? `; cut by the caps: ${manifest.cut.files} entries, ${manifest.cut.bytes} bytes left out` : '';
  process.stderr.write(
    `${safeText(
      `cgdoctor: captured ${manifest.files.length} files (${manifest.skipped.length} left out as secrets or unreadable, ${manifest.redacted.length} with values redacted) to ${o.output}, ${bytes.length} bytes${cut}`,
    )}\n`,
  );
  return EXIT.ok;
}
