/**
 * The libraries cgdoctor loads only for the commands that parse files: `--help`, `rules` and
 * `explain` start without them. Each is a static `import()` below, which every bundler follows
 * into its bundle (a `createRequire` call it cannot see through would be left out, and the files
 * it parses would silently read as unparseable). The parsers are pure and synchronous: they take
 * a library with `lib()` once the command has awaited `loadLibs()`.
 */
const LOADERS = {
  'js-yaml': () => import('js-yaml'),
  'smol-toml': () => import('smol-toml'),
  'zod/mini': () => import('zod/mini'),
};

export type LibName = keyof typeof LOADERS;
type Lib<N extends LibName> = Awaited<ReturnType<(typeof LOADERS)[N]>>;

/**
 * What reading a node needs (scan, capture, diff, explain --root): the YAML and TOML parsers, ~20
 * ms together. zod (~50 ms) only validates a .cgdoctor.yaml, and is loaded with it.
 */
export const SCAN_LIBS: readonly LibName[] = ['js-yaml', 'smol-toml'];

/** A library that is not there, or not loaded first: the command stops (exit 2), it is never a parse warning. */
export class MissingLibrary extends Error {}

const loaded = new Map<LibName, unknown>();

export async function loadLibs(names: readonly LibName[]): Promise<void> {
  await Promise.all(
    names.map(async (n) => {
      if (loaded.has(n)) return;
      try {
        loaded.set(n, await LOADERS[n]());
      } catch (err) {
        throw new MissingLibrary(`cannot load the library ${n}, which this command needs: ${(err as Error).message.split('\n')[0]}`);
      }
    }),
  );
}

export function lib<N extends LibName>(name: N): Lib<N> {
  const m = loaded.get(name);
  if (m === undefined) throw new MissingLibrary(`internal error: ${name} was used before loadLibs() loaded it`);
  return m as Lib<N>;
}

/** For the parsers' catch blocks: a parse error is a warning about the file, a missing library is not. */
export function rethrowMissing(err: unknown): void {
  if (err instanceof MissingLibrary) throw err;
}
