/** `rollcall mock`: serves the three APIs on one origin until SIGINT or SIGTERM. */
import { DEFAULT_SEED, FAULTS, parseChurnRate, parseFaultNames, startMock, UnknownFaultError } from '../mock/index.js';
import { helpText, usageLine } from './help.js';
import { HelpRequested, parseCommandLine } from './io.js';
import { formatMockEnvironment, shellQuote } from './mock-env.js';
import { consoleWidth, wrapWords } from '../run/console.js';

export const MOCK_USAGE = usageLine('mock');

export interface MockCommandIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Stops the server (tests); by default SIGINT or SIGTERM does. */
  signal?: AbortSignal;
  /** Print the one command that points a live run here (on stderr); default: when writing to the process's own streams. */
  hints?: boolean;
}

function integerOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new RangeError(`--${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return value;
}

/** Resolves when the signal aborts, or on the first SIGINT / SIGTERM (then stops listening for them). */
function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runMockCommand(args: string[], io: MockCommandIo = {}): Promise<number> {
  const out = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => void process.stderr.write(text));
  let options: { port?: number; host: string; seed?: number; faults: string[]; churn?: number };
  try {
    const { values } = parseCommandLine('mock', args);
    if (values['list-faults']) {
      // Which APIs each fault touches is found by trying it (src/mock/fault-reach.ts), not written down.
      const { faultReach } = await import('../mock/fault-reach.js');
      const reach = await faultReach();
      const apisOf = (name: string) => (reach.get(name) ?? []).join(',') || '-';
      const width = Math.max(...FAULTS.map((f) => f.name.length));
      const apiWidth = Math.max(...FAULTS.map((f) => apisOf(f.name).length));
      const rows = FAULTS.map((f) => `${f.name.padEnd(width)}  ${apisOf(f.name).padEnd(apiWidth)}  ${f.breaks} [${f.rules.join(', ')}]`);
      // On the process's own stdout a row wider than the console (a terminal's width, else COLUMNS or 120) goes on
      // under its description column; a caller's own stdout gets each fault on one line.
      const fitted = io.stdout ? rows : rows.flatMap((row) => wrapWords(row, consoleWidth(process.stdout, process.env), width + apiWidth + 4));
      out(fitted.join('\n') + '\n');
      return 0;
    }
    options = {
      port: integerOption('port', values.port, 0, 65535),
      host: values.host ?? '127.0.0.1',
      seed: integerOption('seed', values.seed, 0, 4294967295),
      faults: parseFaultNames((values.faults ?? '').split(',')),
      ...(values.churn === undefined ? {} : { churn: parseChurnRate(values.churn) }),
    };
    if (values['env-only']) {
      // A free port is known only once the mock listens: the exports need the port it will listen on.
      if (!options.port) throw new RangeError('--env-only needs the --port the mock serves on (e.g. --port 4010), the same --host and --seed too');
      out(formatMockEnvironment({ seed: options.seed ?? DEFAULT_SEED, host: options.host, port: options.port }));
      return 0;
    }
  } catch (error) {
    if (error instanceof HelpRequested) {
      out(helpText('mock'));
      return 0;
    }
    const message = error instanceof UnknownFaultError ? error.message : (error as Error).message;
    err(`rollcall mock: ${message}${message.includes('\nusage: ') ? '' : `\n${MOCK_USAGE}`}\n`);
    return 2;
  }
  let mock;
  try {
    mock = await startMock(options);
  } catch (error) {
    // A taken port or an unknown host: a configuration error, not a crash.
    err(`rollcall mock: cannot listen on ${options.host}:${options.port ?? 0}: ${(error as Error).message}\n`);
    return 2;
  }
  out(`rollcall mock listening on ${mock.url}\n`);
  if (io.hints ?? io.stderr === undefined) {
    // The exports are computed from port, host and seed: the port it got is enough, even a free one it chose.
    const again = ['--port', String(mock.port), ...(options.host !== '127.0.0.1' ? ['--host', shellQuote(options.host)] : []), ...(options.seed !== undefined ? ['--seed', String(options.seed)] : []), '--env-only'];
    err(`rollcall mock: point rollcall run --target live here with: eval "$(rollcall mock ${again.join(' ')})"\n`);
  }
  if (options.faults.length > 0) err(`rollcall mock: faults on: ${options.faults.join(', ')}\n`);
  if (options.churn) err(`rollcall mock: churn on: ${options.churn} events per API request\n`);
  await stopRequested(io.signal);
  await mock.close();
  return 0;
}
