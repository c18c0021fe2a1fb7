/**
 * The header blobs of rpm's ndb database (`Packages.db`, SUSE's default since rpm 4.16), read
 * from its bytes: rpm's lib/backend/ndb/rpmpkg.c. A 32-byte file header (magic "RpmP", the count
 * of 4 KiB slot pages at 12), then 16-byte slots ("Slot", package index, block offset and count,
 * in 16-byte blocks), each pointing at a blob ("BlbS", package index, generation, length, then
 * the header). Little-endian. Read-only; a slot pointing outside the file or at another
 * package's blob is a reason, not a crash.
 */

const SLOT_PAGE = 4096;
const BLOCK = 16;

export function ndbBlobs(file: Uint8Array, limit = 100_000): Uint8Array[] | string {
  if (file.length < 32 || Buffer.from(file.subarray(0, 4)).toString('latin1') !== 'RpmP') return 'not an rpm ndb database';
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const slotPages = dv.getUint32(12, true);
  const end = Math.min(slotPages * SLOT_PAGE, file.length);
  const out: Uint8Array[] = [];
  for (let at = 32; at + 16 <= end; at += 16) {
    if (Buffer.from(file.subarray(at, at + 4)).toString('latin1') !== 'Slot') return `damaged: no slot at ${at}`;
    const pkg = dv.getUint32(at + 4, true);
    if (pkg === 0) continue;
    const blob = dv.getUint32(at + 8, true) * BLOCK;
    if (blob + 16 > file.length || Buffer.from(file.subarray(blob, blob + 4)).toString('latin1') !== 'BlbS' || dv.getUint32(blob + 4, true) !== pkg) {
      return `damaged: package ${pkg}'s slot points at no blob of its own (offset ${blob})`;
    }
    const len = dv.getUint32(blob + 12, true);
    if (blob + 16 + len > file.length) return `damaged: package ${pkg}'s blob runs past the file`;
    out.push(file.subarray(blob + 16, blob + 16 + len));
    if (out.length >= limit) break;
  }
  return out;
}
