import { defineConfig } from 'rolldown';
import pkg from './package.json' with { type: 'json' };

// One bundle for the CLI: start-up pays for a handful of files instead of ~60 modules. Commands
// stay in their own chunks (dynamic imports), and dependencies stay in node_modules.
export default defineConfig({
  input: { main: 'src/cli/main.ts' },
  platform: 'node',
  // commander is needed by every command: bundled, it loads with main.js instead of as a package.
  external: [...Object.keys(pkg.dependencies).filter((d) => d !== 'commander'), /^node:/],
  // cleanDir: a build must not leave the chunks of earlier builds beside the new ones.
  output: {
    dir: 'dist/cli',
    cleanDir: true,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: false,
    // What every command loads (main's own imports and the small modules all commands share) in
    // one chunk: each ES module costs a resolve, a read and a compile at start-up.
    codeSplitting: {
      groups: [{ name: 'core', test: /src\/(version|distance|errors|libs|duration|rules\/define|cli\/errors|cli\/output|cli\/progress|report\/(index|safe-text))\.ts$/ }],
    },
  },
});
