import type { Passage, PassageKind } from '../../src/corpus/types.js';
import type { StartSessionInput, TimerClock } from '../../src/sessions/index.js';
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

/** Timers fired by hand against a ManualClock: `advance` runs every timer due on the way, in due order. */
export class FakeTimers implements TimerClock {
  pending = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  constructor(private readonly clock: ManualClock) {}
  now = (): Date => this.clock.now();
  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.clock.ms + delayMs, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.pending.delete(handle);
  }
  /** The earliest pending timer's due time, or undefined. */
  get nextAt(): number | undefined {
    return Math.min(...[...this.pending.values()].map((timer) => timer.at));
  }
  advance(ms: number): void {
    const target = this.clock.ms + ms;
    while (this.fireNextDue(target));
    this.clock.ms = target;
  }
  /** As advance, letting the promises each timer starts settle before the next fires. */
  async advanceSettling(ms: number): Promise<void> {
    const target = this.clock.ms + ms;
    while (this.fireNextDue(target)) await settle();
    this.clock.ms = target;
  }
  private fireNextDue(target: number): boolean {
    const [id, due] =
      [...this.pending.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || !due) return false;
    this.pending.delete(id);
    this.clock.ms = Math.max(this.clock.ms, due.at);
    due.callback();
    return true;
  }
}

/** Lets a few rounds of pending promises and immediates run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve));
}
