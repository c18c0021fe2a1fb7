// Loaded with `node --import` before cgdoctor: any write, chmod, child process or network use,
// and any read outside the scanned root (and cgdoctor's own files), is reported on stderr as a
// line starting "GUARD:" and fails the call. test/readonly.test.ts asserts there is none.
import fs from 'node:fs';
import path from 'node:path';
import cp from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

const allowed = (process.env.CGDOCTOR_GUARD_ALLOW ?? '')
  .split(':')
  .filter(Boolean)
  .map((p) => path.resolve(p));
const violation = (what) => {
  process.stderr.write(`GUARD: ${what}\n`);
  throw new Error(`guard: ${what}`);
};
const inside = (p) => {
  if (typeof p !== 'string' && !(p instanceof URL) && !Buffer.isBuffer(p)) return true; // a file descriptor
  const abs = path.resolve(p instanceof URL ? p.pathname : String(p));
  return allowed.some((a) => abs === a || abs.startsWith(`${a}/`));
};

for (const name of [
  'writeFileSync',
  'writeFile',
  'appendFileSync',
  'appendFile',
  'mkdirSync',
  'mkdir',
  'mkdtempSync',
  'rmSync',
  'rm',
  'rmdirSync',
  'unlinkSync',
  'unlink',
  'renameSync',
  'rename',
  'chmodSync',
  'chmod',
  'fchmodSync',
  'lchmodSync',
  'chownSync',
  'chown',
  'fchownSync',
  'lchownSync',
  'symlinkSync',
  'symlink',
  'linkSync',
  'link',
  'truncateSync',
  'truncate',
  'ftruncateSync',
  'copyFileSync',
  'copyFile',
  'cpSync',
  'utimesSync',
  'futimesSync',
  'lutimesSync',
  'createWriteStream',
]) {
  if (typeof fs[name] === 'function') fs[name] = (...a) => violation(`fs.${name}(${String(a[0])})`);
}
for (const name of [
  'writeFile',
  'appendFile',
  'mkdir',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'chmod',
  'chown',
  'symlink',
  'link',
  'truncate',
  'copyFile',
  'cp',
  'utimes',
  'mkdtemp',
]) {
  if (typeof fs.promises[name] === 'function') fs.promises[name] = async (...a) => violation(`fs.promises.${name}(${String(a[0])})`);
}
const WRITE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND;
const origOpen = fs.openSync;
fs.openSync = (p, flags = 'r', ...rest) => {
  if ((typeof flags === 'number' && flags & WRITE_FLAGS) || (typeof flags === 'string' && /[wa+]/.test(flags)))
    violation(`fs.openSync(${String(p)}, ${String(flags)}) for writing`);
  if (!inside(p)) violation(`read outside the root: open ${String(p)}`);
  return origOpen(p, flags, ...rest);
};
for (const name of ['readFileSync', 'readdirSync', 'lstatSync', 'statSync', 'readlinkSync', 'realpathSync', 'existsSync', 'createReadStream', 'opendirSync']) {
  const orig = fs[name];
  if (typeof orig !== 'function') continue;
  const wrapped = (p, ...rest) => {
    if (!inside(p)) violation(`read outside the root: ${name} ${String(p)}`);
    return orig(p, ...rest);
  };
  if (orig.native) wrapped.native = orig.native;
  fs[name] = wrapped;
}
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) cp[name] = (...a) => violation(`child_process.${name}(${String(a[0])})`);
net.connect = net.createConnection = (...a) => violation(`net.connect(${JSON.stringify(a[0])})`);
net.Socket.prototype.connect = function connect() {
  violation('net.Socket.connect');
};
http.request = http.get = https.request = https.get = () => violation('http request');
dns.lookup = () => violation('dns.lookup');
syncBuiltinESMExports();
