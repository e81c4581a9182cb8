import { beforeEach } from 'vitest';
import { LocalTerminal, type LocalTerminalOptions } from '../../src/local/terminal.js';

export interface TerminalUnderTest {
  readonly terminal: LocalTerminal;
  /** Types a line and returns what the terminal wrote in answer. */
  type(line: string): Promise<string>;
  /** What the terminal wrote since the last line typed (or the last `clear`). */
  written(): string;
  clear(): void;
}

/** A fresh local terminal before each test, writing into a buffer the test reads. */
export function useTerminal(options: () => Omit<LocalTerminalOptions, 'write'>): TerminalUnderTest {
  let output: string[] = [];
  let terminal: LocalTerminal | undefined;
  beforeEach(() => {
    output = [];
    terminal = new LocalTerminal({ ...options(), write: (text) => output.push(text) });
  });
  const current = () => {
    if (!terminal) throw new Error('the terminal is made before each test; use it inside a test');
    return terminal;
  };
  return {
    get terminal() {
      return current();
    },
    async type(line) {
      output = [];
      await current().handle(line);
      return output.join('\n');
    },
    written: () => output.join('\n'),
    clear() {
      output = [];
    },
  };
}
