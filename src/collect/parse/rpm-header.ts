/**
 * An RPM header as the package database stores it (rpm's lib/header.c, "header blob"): a count
 * of index entries and the data size, both 32-bit big-endian, then 16-byte entries (tag, type,
 * offset, count) and the data they point into. Only the tags a version needs are read: NAME
 * (1000), VERSION (1001), RELEASE (1002), EPOCH (1003), ARCH (1022).
 */

export interface RpmPackage {
  name: string;
  epoch?: number;
  version: string;
  release: string;
  arch?: string;
}

const TAG = { name: 1000, version: 1001, release: 1002, epoch: 1003, arch: 1022 } as const;
const STRING = 6;
const INT32 = 4;
const I18NSTRING = 9;

/** Bigger than any real header's index (a few hundred entries) or data (a few MB with file lists). */
const MAX_ENTRIES = 100_000;

export function parseRpmHeader(blob: Uint8Array): RpmPackage | string {
  if (blob.length < 8) return 'an RPM header shorter than its 8-byte preamble';
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = dv.getUint32(0);
  const dl = dv.getUint32(4);
  const dataAt = 8 + il * 16;
  if (il === 0 || il > MAX_ENTRIES || dataAt + dl > blob.length) return `an RPM header whose ${il} entries and ${dl} data bytes do not fit its ${blob.length} bytes`;
  const data = blob.subarray(dataAt, dataAt + dl);
  const strings = new Map<number, string>();
  let epoch: number | undefined;
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = dv.getUint32(at);
    const type = dv.getUint32(at + 4);
    const offset = dv.getInt32(at + 8);
    if (offset < 0 || offset >= dl) continue;
    if (tag === TAG.epoch && type === INT32 && offset + 4 <= dl) epoch = new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0);
    else if ((type === STRING || type === I18NSTRING) && Object.values(TAG).includes(tag as never)) {
      const end = data.indexOf(0, offset);
      if (end >= 0) strings.set(tag, Buffer.from(data.subarray(offset, end)).toString('utf8'));
    }
  }
  const name = strings.get(TAG.name);
  const version = strings.get(TAG.version);
  const release = strings.get(TAG.release);
  if (!name || !version || release === undefined) return 'an RPM header without its name, version and release';
  const arch = strings.get(TAG.arch);
  return { name, ...(epoch !== undefined ? { epoch } : {}), version, release, ...(arch ? { arch } : {}) };
}

/** `[epoch:]version-release`, as `rpm -q` shows a package. */
export const rpmEvr = (p: RpmPackage) => `${p.epoch !== undefined ? `${p.epoch}:` : ''}${p.version}-${p.release}`;
