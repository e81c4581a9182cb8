import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../src/commands/index.js';

interface DefinitionOption {
  name: string;
  type: number;
  required?: boolean;
  options?: DefinitionOption[];
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/** Every (command path, option) pair the registry registers with Discord. */
function registeredOptions(): Array<{ command: string; option: string; required: boolean }> {
  const pairs: Array<{ command: string; option: string; required: boolean }> = [];
  const walk = (command: string, options: readonly DefinitionOption[]) => {
    for (const option of options) {
      if (option.type === SUBCOMMAND || option.type === SUBCOMMAND_GROUP)
        walk(`${command} ${option.name}`, option.options ?? []);
      else pairs.push({ command, option: option.name, required: option.required === true });
    }
  };
  for (const definition of commandDefinitions()) {
    const { name, options } = definition as { name: string; options?: DefinitionOption[] };
    walk(`/${name}`, options ?? []);
  }
  return pairs;
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('### Every option'), readme.indexOf('### Examples'));
const rows = table
  .split('\n')
  .map((line) => /^\| `([^`]+)` \| `([^`]+)`( \(required\))? \|/.exec(line))
  .filter((match) => match !== null)
  .map((match) => ({ command: match[1], option: match[2], required: match[3] !== undefined }));

describe("the README's option table", () => {
  it('documents every option every command registers, marked required where it is', () => {
    const registered = registeredOptions();
    expect(registered.length).toBeGreaterThan(20);
    expect(rows).toEqual(expect.arrayContaining(registered));
  });

  it('documents no option that no command has', () => {
    expect(registeredOptions()).toEqual(expect.arrayContaining(rows));
  });
});
