/** `rollcall mock`: serves the three APIs on one origin until SIGINT or SIGTERM. */
import { parseArgs } from 'node:util';
import { FAULTS, parseChurnRate, parseFaultNames, startMock, UnknownFaultError } from '../mock/index.js';

export const MOCK_USAGE = 'usage: rollcall mock [--port N] [--host H] [--seed N] [--faults a,b] [--churn RATE] [--list-faults]\n  --churn RATE  participants join, reconnect and leave in-progress rooms and sessions: RATE events per API request on average (0.1: one every 10 requests), on a schedule fixed by the seed and the request count';

export interface MockCommandIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Stops the server (tests); by default SIGINT or SIGTERM does. */
  signal?: AbortSignal;
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
    const { values } = parseArgs({
      args,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'h' },
        seed: { type: 'string' },
        faults: { type: 'string' },
        churn: { type: 'string' },
        'list-faults': { type: 'boolean', default: false },
      },
    });
    if (values['list-faults']) {
      const width = Math.max(...FAULTS.map((f) => f.name.length));
      out(FAULTS.map((f) => `${f.name.padEnd(width)}  ${f.breaks} [${f.rules.join(', ')}]`).join('\n') + '\n');
      return 0;
    }
    options = {
      port: integerOption('port', values.port, 0, 65535),
      host: values.host ?? '127.0.0.1',
      seed: integerOption('seed', values.seed, 0, 4294967295),
      faults: parseFaultNames((values.faults ?? '').split(',')),
      ...(values.churn === undefined ? {} : { churn: parseChurnRate(values.churn) }),
    };
  } catch (error) {
    const message = error instanceof UnknownFaultError ? error.message : (error as Error).message;
    err(`rollcall mock: ${message}\n${MOCK_USAGE}\n`);
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
  if (options.faults.length > 0) err(`rollcall mock: faults on: ${options.faults.join(', ')}\n`);
  if (options.churn) err(`rollcall mock: churn on: ${options.churn} events per API request\n`);
  await stopRequested(io.signal);
  await mock.close();
  return 0;
}
