/** Replay of a recording: placeholder until the recorder lands (see runner). */
import type { ApiName } from '../types.js';
import type { BuiltTarget } from './targets.js';
import type { RunSettings } from './target.js';

export async function replayTarget(_from: string, _options: { apis: ApiName[]; settings?: Partial<RunSettings> }): Promise<BuiltTarget> {
  throw new Error('replay is not implemented yet');
}
