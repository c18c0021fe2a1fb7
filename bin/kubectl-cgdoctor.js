#!/usr/bin/env node
// kubectl's plugin `kubectl cgdoctor ...` (kubectl runs kubectl-cgdoctor from PATH): `cgdoctor kubectl ...`.
import { run } from '../dist/cli/main.js';

await run([process.argv[0], process.argv[1], 'kubectl', ...process.argv.slice(2)]);
