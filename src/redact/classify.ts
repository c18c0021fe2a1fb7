import { lib, rethrowMissing } from '../libs.js';

/** How a captured file is read to be redacted. */
export type Format = 'cmdline' | 'data' | 'json' | 'yaml' | 'toml' | 'unit' | 'env' | 'text';

/** Names that say what a file is whatever it holds: keystores and private keys. */
const KEY_NAME = /(\.(key|p12|pfx|jks|keystore)|^id_(rsa|dsa|ecdsa|ed25519))$/i;
/** Names that make a lone word a secret even when it does not look random. */
const SECRET_WORD_NAME = /(^|[-_.])(token|secret|password|passwd|credentials?|apikey|api-key)([-_.]|$)/i;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$(?![\s\S]))/g;
const JWT = /^eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$/;
const BOOTSTRAP = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

/** Bits per character: random tokens sit near 5 or 6, words and versions well below 4. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

function bareToken(name: string, text: string): boolean {
  const t = text.trim();
  if (t === '' || /\s/.test(t) || !/^[A-Za-z0-9+/=_.~:-]+$/.test(t)) return false;
  if (JWT.test(t) || BOOTSTRAP.test(t)) return true;
  if (/^[0-9a-f]{32,}$/i.test(t)) return true;
  if (t.length >= 20 && /[0-9]/.test(t) && /[A-Za-z]/.test(t) && entropy(t) >= 4) return true;
  return SECRET_WORD_NAME.test(name);
}

function parsedObject(text: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = /^\s*[{[]/.test(text) ? JSON.parse(text) : lib('js-yaml').load(text, { json: true });
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch (err) {
    rethrowMissing(err);
    return undefined;
  }
}

/** A kubeconfig: `kind: Config`, or clusters with users or contexts (kubectl accepts it without kind). */
function kubeconfig(text: string): boolean {
  if (!/\b(kind|clusters)\b/.test(text)) return false;
  const doc = parsedObject(text);
  if (!doc) return false;
  return doc['kind'] === 'Config' || (Array.isArray(doc['clusters']) && (Array.isArray(doc['users']) || Array.isArray(doc['contexts'])));
}

/** Why a file the scan read is left out of the capture, decided by its content; undefined to keep it. */
export function leaveOut(path: string, text: string): string | undefined {
  const name = path.split('/').pop() ?? '';
  const byName = leaveOutByName(path);
  if (byName) return byName;
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length > 0 && text.replace(PEM_BLOCK, '').trim() === '') {
    if (blocks.some((b) => /PRIVATE KEY|ENCRYPTED/.test(b[1]!))) return 'a private key (PEM)';
    return blocks.every((b) => /CERTIFICATE/.test(b[1]!)) ? 'a certificate (PEM)' : `a PEM ${blocks[0]![1]!.toLowerCase()}`;
  }
  if (kubeconfig(text)) return 'a kubeconfig (credentials to a cluster)';
  // The node's name, which every report prints: GKE's (gke-<cluster>-<pool>-<8 hex>-<4>) looks random.
  if (path === 'etc/hostname') return undefined;
  if (bareToken(name, text)) return 'a bare token';
  return undefined;
}

/**
 * What is left out by name alone, for the files a scan listed but never read: only names that
 * cannot be anything but a key. `config.json` or `kubelet.conf` are decided by content.
 */
export function leaveOutByName(path: string): string | undefined {
  const name = path.split('/').pop() ?? '';
  return KEY_NAME.test(name) ? 'a private key or keystore (by its name)' : undefined;
}

/** The format a path suggests; the content confirms it or another one is tried. */
export function formatHint(path: string): Format | undefined {
  if (/^proc\/[^/]+\/(cmdline|environ)$/.test(path)) return 'cmdline';
  // Kernel and package-database files are data, not configuration: nothing to redact.
  if (/^(sys|proc|boot)\/|^var\/lib\/dpkg\//.test(path)) return 'data';
  const name = path.split('/').pop() ?? '';
  if (/\.json$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/\.toml$/i.test(name) || /(^|\/)crio\/crio\.conf(\.d\/[^/]+)?$/.test(path) || /(^|\/)containers\/[^/]+\.conf$/.test(path)) return 'toml';
  if (/(^|\/)systemd\/.*(\.(service|socket|mount|timer|target|slice|scope|path)|\.d\/[^/]+\.conf)$/.test(path)) return 'unit';
  if (/\.env$/i.test(name) || /(^|\/)etc\/(default|sysconfig)\/[^/]+$/.test(path)) return 'env';
  return undefined;
}
