import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every .ts file under a source folder, with its text. */
function sources(folder: string): Array<[string, string]> {
  return readdirSync(path.join(SOURCE, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [path.join(folder, name), readFileSync(path.join(SOURCE, folder, name), 'utf8')]);
}

describe('what Discord users are told', () => {
  it('never asks them to run a developer command: that is the operator’s console', () => {
    // Comments may name developer commands; string literals are what reaches a reply.
    const literal =
      /(['"`])(?:(?!\1)[^\\\n]|\\.)*\b(?:npm (?:run|start|test)|npx |tsx )(?:(?!\1)[^\\\n]|\\.)*\1/;
    for (const folder of ['commands', 'discord']) {
      for (const [file, text] of sources(folder)) {
        const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        expect(literal.exec(code)?.[0], file).toBeUndefined();
      }
    }
  });
});
