import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
import { editDistance } from '../distance.js';
import { parseDuration } from './duration.js';
import { FLEET_FORMATS, FORMATS } from '../report/index.js';
import { EXIT } from './errors.js';
import { CaptureError, CliError, ConfigError } from '../errors.js';
import { MissingLibrary } from '../libs.js';
import { safeText } from '../report/safe-text.js';

// Only commander is loaded at start-up: each command imports what it needs when it runs, so
// `--help`, `rules` and `explain` do not pay for the YAML, TOML and zod parsers `scan` uses.

const formatOption = () => new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table');
const scanFormatOption = () => new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('table');
const outputOption = () => new Option('-o, --output <file>', 'write the report to a file instead of stdout');
/** The options of the commands that print the cluster report (report, kubectl). */
const fleetOptions = (c: Command) =>
  c
    .addOption(new Option('-f, --format <format>', 'output format (html: one self-contained page)').choices([...FLEET_FORMATS]).default('table'))
    .addOption(outputOption())
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a node has a finding at or above this severity (default: error)').choices(['error', 'warning', 'info', 'never']));

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return Number(v);
}

/** commander's "error: X\n(Did you mean Y?)\n" as the one line every cgdoctor error is. */
function oneLine(text: string): string {
  const parts = text
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return `cgdoctor: ${safeText(
    parts
      .join(' ')
      .replace(/^error: /, '')
      .replace(/\(Did you mean/, '(did you mean'),
  )}\n`;
}

function buildProgram(setCode: (n: number) => void): Command {
  const program = new Command('cgdoctor')
    .description('Diagnose the cgroup health of a Linux or Kubernetes node.')
    .version(VERSION, '-V, --version')
    .option('--color', 'colour, also in files written with -o (which otherwise have none)')
    .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too, on a terminal)')
    .option('--debug', 'print stack traces of internal errors')
    .configureOutput({ outputError: (text, write) => write(oneLine(text)) })
    .exitOverride();

  program
    .command('scan')
    .description('collect facts from a root, run every rule, print findings with their evidence and fix')
    .option('-r, --root <dir>', 'filesystem root to scan: / on a node, /host in a pod, or a captured tree', '/')
    .addOption(new Option('--from <capture>', 'scan a capture (.tar or .tar.gz from cgdoctor capture) in memory, without extracting it').conflicts('root'))
    .addOption(scanFormatOption())
    .addOption(new Option('--max-files <n>', 'refuse a capture with more entries than this').argParser(positiveInt))
    .addOption(new Option('--max-bytes <n>', 'refuse a capture with more bytes than this').argParser(positiveInt))
    .addOption(new Option('--max-cgroups <n>', 'stop a cgroup walk after this many cgroups, and say so (default 250000)').argParser(positiveInt))
    .addOption(new Option('--max-mount-lines <n>', 'read at most this many mountinfo lines; count the rest (default 2000000)').argParser(positiveInt))
    .addOption(new Option('--max-file-bytes <n>', 'read at most this many bytes of any one file (default 64 MiB)').argParser(positiveInt))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: error)').choices(['error', 'warning', 'info', 'never']))
    .addOption(outputOption())
    .option('-c, --config <file>', 'configuration file (default: .cgdoctor.yaml in the working directory, if any)')
    .option('--rule <rules...>', 'run only these rules (ids or names, comma-separated or repeated)')
    .option('--ignore <rules...>', 'do not run these rules')
    .option('--severity <rule=level...>', "override a rule's severity, e.g. CG018=error")
    .option('--threshold <rule.option=n...>', 'override a threshold, e.g. CG020.warnAt=30000')
    .option('--kubelet-version <version>', 'the kubelet version, when the files do not tell it')
    .addOption(
      new Option('--target <layout>', 'plan the move to this cgroup layout: what blocks it (errors), what to upgrade first, the kernel and driver settings to change').choices([
        'v2',
      ]),
    )
    .option('--logs <files...>', 'kubelet or runtime logs (plain, journalctl -o short or -o json, gzip allowed; - for stdin) to match against symptoms')
    .addOption(new Option('--every <duration>', 'rescan at this interval (30s, 5m, 1h) until SIGTERM, replacing --output atomically each time').argParser(parseDuration))
    .action(async (opts, cmd: Command) => {
      const { runScan } = await import('./scan-command.js');
      const g = cmd.optsWithGlobals();
      setCode(await runScan({ ...opts, color: g.color }));
    });

  program
    .command('capture')
    .description('copy exactly the files scan reads (no secrets) into a tarball, to diagnose the node elsewhere')
    .requiredOption('-o, --output <file>', 'the archive to write: .tar.gz, .tgz or .tar')
    .option('-r, --root <dir>', 'filesystem root to capture', '/')
    .addOption(new Option('--max-files <n>', 'capture at most this many entries').argParser(positiveInt))
    .addOption(new Option('--max-bytes <n>', 'capture at most this many bytes of file data').argParser(positiveInt))
    .action(async (opts) => {
      const { runCapture } = await import('./capture-command.js');
      setCode(await runCapture(opts));
    });

  program
    .command('diff')
    .description('compare two nodes (roots or captures): findings on one side only, and the facts that differ')
    .argument('<a>', 'a root directory or a capture')
    .argument('<b>', 'a root directory or a capture')
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (a: string, b: string, opts) => {
      const { runDiff } = await import('./diff-command.js');
      setCode(await runDiff(a, b, opts));
    });

  program
    .command('explain')
    .description("print a rule's documentation, or read a pasted error (or a whole paste): which rule, what decided it, what to run")
    .argument('<query...>', 'a rule id (CG009), a rule name (cgroup-driver-mismatch), a pasted message, or - to read it from stdin')
    .addOption(formatOption())
    .addOption(outputOption())
    .option('-r, --root <dir>', 'run the rules the message points to on this root, and put first those whose cause it shows')
    .addOption(new Option('--from <capture>', 'the same on a capture (.tar or .tar.gz) in memory').conflicts('root'))
    .action(async (words: string[], opts, cmd: Command) => {
      const { runExplain } = await import('./explain-command.js');
      setCode(
        await runExplain(words, {
          format: opts.format,
          output: opts.output,
          color: cmd.optsWithGlobals().color,
          ...(opts.root !== undefined ? { root: opts.root } : {}),
          ...(opts.from !== undefined ? { from: opts.from } : {}),
        }),
      );
    });

  fleetOptions(program.command('report'))
    .description("merge many nodes' scan JSON reports and captures into one cluster view: rules by node count, nodes by finding set")
    .argument('<inputs...>', 'scan JSON reports (scan --format json), captures, or folders holding them')
    .action(async (inputs: string[], opts) => {
      const { runReport } = await import('./report-command.js');
      setCode(await runReport(inputs, opts));
    });

  fleetOptions(program.command('kubectl'))
    .description('scan nodes of a cluster with kubectl, a Job pinned to each, and print the cluster report (kubectl cgdoctor runs this)')
    .argument('[nodes...]', 'node/<name> of each node to scan')
    .option('--all-nodes', 'every node of the cluster (or those --selector picks)')
    .option('-l, --selector <selector>', 'with --all-nodes: only the nodes with these labels, as kubectl get nodes -l takes them')
    .addOption(new Option('--parallel <n>', 'scan this many nodes at once').argParser(positiveInt).default(10))
    .addOption(new Option('--timeout <duration>', 'give up on a node whose scan has not finished after this long').argParser(parseDuration).default(120_000, '2m'))
    .addOption(new Option('--poll-interval <duration>', 'how often to ask kubectl whether a Job has finished').argParser(parseDuration).default(2000, '2s'))
    .option('-n, --namespace <namespace>', "where the Jobs run (kubectl's current namespace by default)")
    .option('--context <context>', 'the kubeconfig context to use')
    .option('--image <image>', 'the cgdoctor image the Jobs run', `cgdoctor:${VERSION}`)
    .addOption(new Option('--target <layout>', "scan each node as scan --target does: the cluster's blockers of the move to this layout, as errors").choices(['v2']))
    .action(async (nodes: string[], opts) => {
      const { runPlugin } = await import('./kubectl-plugin.js');
      setCode(await runPlugin(nodes, opts));
    });

  program
    .command('rules')
    .description('list every rule: id, name, severity and title')
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (opts) => {
      const { runRules } = await import('./rules-command.js');
      setCode(await runRules({ format: opts.format, output: opts.output }));
    });

  return program;
}

/**
 * The first word that is not an option names the command (no global option takes a value).
 * Checked before commander parses, so `cgdoctor report --help` is an unknown command, not help.
 */
function unknownCommand(program: Command, args: string[]): string | undefined {
  const names = [...program.commands.flatMap((c) => [c.name(), ...c.aliases()]), 'help'];
  const words = args.filter((a) => !a.startsWith('-'));
  // `cgdoctor help X` asks about X.
  const name = words[0] === 'help' ? words[1] : words[0];
  if (name === undefined || names.includes(name)) return undefined;
  const near = names
    .map((n) => ({ n, d: editDistance(name, n) }))
    .filter((x) => x.d <= Math.max(1, Math.floor(x.n.length * 0.4)))
    .sort((x, y) => x.d - y.d)[0];
  return `unknown command '${name}'${near ? ` (did you mean ${near.n}?)` : ''}`;
}

/** Whether the command line asks for --format npd, read before commander (whose own errors come first). */
function asksNpd(argv: string[]): boolean {
  return argv.some((a, i) => a === '--format=npd' || a === '-fnpd' || ((a === '-f' || a === '--format') && argv[i + 1] === 'npd'));
}

/** Parses argv, runs the command, and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((n) => (code = n));
  const debug = argv.includes('--debug');
  // Every error is one line on stderr, with whatever it quotes made safe for the terminal. NPD
  // reads only stdout: under --format npd the line is its "unknown" message there too.
  const npd = asksNpd(argv);
  const say = (line: string) => {
    process.stderr.write(`cgdoctor: ${safeText(line)}\n`);
    if (npd) process.stdout.write(`unknown: ${safeText(line).slice(0, 71)}\n`);
  };
  try {
    const unknown = unknownCommand(program, argv.slice(2));
    if (unknown) throw new CliError(unknown);
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its one-line usage error.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof CliError || err instanceof ConfigError || err instanceof CaptureError || err instanceof MissingLibrary) {
      say(err.message);
      if (debug) process.stderr.write(`${safeText(err.stack ?? '', true)}\n`);
      return EXIT.usage;
    }
    say(`internal error: ${(err as Error).message ?? String(err)}${debug ? '' : ' (run with --debug for the stack trace)'}`);
    if (debug) process.stderr.write(`${safeText((err as Error).stack ?? '', true)}\n`);
    return EXIT.usage;
  }
}

export async function run(argv: string[]): Promise<void> {
  // Reports are written through writeOutput, which awaits each write and reports its failure. A
  // write nobody awaits (commander's help) fails here: a closed pipe (`| head`) is no error, a
  // full disk is one line and exit 2. Without a listener either would crash with a stack trace.
  let failed: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') failed ??= e;
  });
  let code = await main(argv);
  await new Promise((resolve) => setImmediate(resolve));
  if (failed && code !== EXIT.usage) {
    const { errnoText } = await import('./output.js');
    process.stderr.write(`cgdoctor: cannot write to standard output: ${errnoText(failed)}\n`);
    code = EXIT.usage;
  }
  process.exitCode = code;
}
