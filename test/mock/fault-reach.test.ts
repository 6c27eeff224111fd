/**
 * Which APIs each fault touches, as fault-reach.ts finds it by trying the fault on the mock: the table below is
 * what the mock's code does (Twilio's paging and SIDs, Video's Status and Telnyx's filter[context], hooks that
 * act on every route), so the probe is proven both to see a change and to see none.
 */
import { describe, expect, it } from 'vitest';
import { faultReach } from '../../src/mock/fault-reach.js';
import { FAULT_NAMES } from '../../src/mock/faults.js';
import { runMockCommand } from '../../src/cli/mock.js';

const ALL = ['twilio-video', 'twilio-insights', 'telnyx'];
const TWILIO = ['twilio-video', 'twilio-insights'];
const EXPECTED: Record<string, string[]> = {
  'bad-sid-pattern': TWILIO,
  'enum-drift': TWILIO,
  'missing-field': ALL,
  'type-change': ALL,
  'undocumented-field': ALL,
  'page-size-ignored': ALL,
  'next-page-loop': TWILIO,
  'duplicate-across-pages': ALL,
  'dropped-item': ALL,
  'filter-ignored': ['twilio-video', 'telnyx'],
  'meta-inconsistent': ALL,
  'wrong-content-type': ALL,
  'error-format': ALL,
  'server-error-burst': ALL,
  'rate-limited': ALL,
  'rate-limited-no-retry-after': ALL,
  slow: ALL,
};

describe('faultReach', () => {
  it('finds, for every fault, the APIs whose answers it changes', async () => {
    const reach = await faultReach();
    expect([...reach.keys()]).toEqual([...FAULT_NAMES]);
    expect(Object.fromEntries(reach)).toEqual(EXPECTED);
  }, 60_000);

  it('answers for the APIs asked only', async () => {
    const reach = await faultReach(['next-page-loop', 'slow'], ['telnyx']);
    expect(Object.fromEntries(reach)).toEqual({ 'next-page-loop': [], slow: ['telnyx'] });
  }, 30_000);

  it('rollcall mock --list-faults names the APIs of each fault, second column', async () => {
    const out: string[] = [];
    expect(await runMockCommand(['--list-faults'], { stdout: (t) => out.push(t), stderr: () => undefined })).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2))).toEqual(FAULT_NAMES.map((name) => [name, EXPECTED[name]!.join(',')]));
  }, 60_000);
});
