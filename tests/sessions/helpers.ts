import type { Passage, PassageKind } from '../../src/corpus/types.js';
import type { StartSessionInput } from '../../src/sessions/index.js';
import { SessionStore } from '../../src/sessions/index.js';
import { openDatabase } from '../../src/state/index.js';

/** A controllable clock: tests move time explicitly. */
export class ManualClock {
  constructor(public ms = Date.UTC(2026, 0, 10, 12, 0, 0)) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function passageIds(count: number, documentId = 'doc'): string[] {
  return Array.from({ length: count }, (_, index) => `${documentId}#p${index + 1}`);
}

export function memoryStore(clock = new ManualClock()): { store: SessionStore; clock: ManualClock } {
  return { store: new SessionStore(openDatabase(':memory:'), { now: clock.now }), clock };
}

export function startInput(overrides: Partial<StartSessionInput> = {}): StartSessionInput {
  return {
    guildId: 'g1',
    channelId: 'c1',
    documentId: 'doc',
    passageIds: passageIds(5),
    startedBy: 'mod1',
    ...overrides,
  };
}

/** A passage with sentences split at sentence-final punctuation: enough for hand-written test text. */
export function testPassage(
  kind: PassageKind,
  ordinal: number,
  text: string,
  locator = `${kind} ${ordinal}`,
): Passage {
  const sentences: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?](?=\s|$)/g)) {
    sentences.push({ start, end: match.index + 1 });
    start = match.index + 2;
  }
  return { id: `doc#${kind}${ordinal}`, documentId: 'doc', kind, ordinal, locator, text, sentences };
}
