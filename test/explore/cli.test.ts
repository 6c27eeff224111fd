/**
 * `rollcall run --explore` / `--replay-case` on a bad command line: exit 2 with a line that says what to give.
 * The CLI's `main` in this process (test/support/in-process-cli.ts): a usage error ends before any run.
 */
import { describe, expect, it } from 'vitest';
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

describe('rollcall run --explore: usage errors', () => {
  it.each([
    [['--explore', 'many'], /--explore must be a whole number/],
    [['--replay-case', 'telnyx.listRoomSessionParticipants/1'], /--replay-case replays a generated case: give it with the --explore N and --seed S/],
    [['--explore', '5', '--replay-case', 'nothing/1'], /--replay-case is OPERATION\/INDEX\[\/PATH\]/],
  ])('run %j', async (args, message) => {
    const r = await rollcall(['run', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(message);
  });
});
