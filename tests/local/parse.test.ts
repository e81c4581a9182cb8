import { SlashCommandBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { CommandLineError, parseCommandLine } from '../../src/local/parse.js';
import { renderMessage } from '../../src/local/render.js';

const definitions = [
  new SlashCommandBuilder()
    .setName('search')
    .setDescription('d')
    .addStringOption((option) => option.setName('query').setDescription('d').setRequired(true))
    .addStringOption((option) => option.setName('document').setDescription('d'))
    .addBooleanOption((option) => option.setName('hide').setDescription('d'))
    .toJSON(),
  new SlashCommandBuilder()
    .setName('summary')
    .setDescription('d')
    .addStringOption((option) => option.setName('document').setDescription('d').setRequired(true))
    .addStringOption((option) =>
      option
        .setName('length')
        .setDescription('d')
        .addChoices({ name: 'short', value: 'short' }, { name: 'long', value: 'long' }),
    )
    .toJSON(),
  new SlashCommandBuilder()
    .setName('settings')
    .setDescription('d')
    .addRoleOption((option) => option.setName('moderator_role').setDescription('d'))
    .toJSON(),
  new SlashCommandBuilder()
    .setName('session')
    .setDescription('d')
    .addSubcommand((sub) =>
      sub
        .setName('start')
        .setDescription('d')
        .addStringOption((option) => option.setName('document').setDescription('d').setRequired(true))
        .addIntegerOption((option) => option.setName('pace').setDescription('d')),
    )
    .toJSON(),
  new SlashCommandBuilder()
    .setName('library')
    .setDescription('d')
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('d')
        .addAttachmentOption((option) => option.setName('file').setDescription('d'))
        .addStringOption((option) => option.setName('title').setDescription('d')),
    )
    .toJSON(),
];

describe('terminal command line', () => {
  it('parses options the way Discord fills them', () => {
    expect(
      parseCommandLine('/search query: military option document: park-2013 hide: true', definitions),
    ).toEqual({
      name: 'search',
      options: [
        { name: 'query', type: 3, value: 'military option' },
        { name: 'document', type: 3, value: 'park-2013' },
        { name: 'hide', type: 5, value: true },
      ],
    });
  });

  it('takes bare text as the first required option', () => {
    expect(parseCommandLine('/search Nunn-Lugar', definitions).options).toEqual([
      { name: 'query', type: 3, value: 'Nunn-Lugar' },
    ]);
  });

  it('nests subcommand options', () => {
    expect(parseCommandLine('/session start document: park-2013 pace: 2', definitions)).toEqual({
      name: 'session',
      options: [
        {
          name: 'start',
          type: 1,
          options: [
            { name: 'document', type: 3, value: 'park-2013' },
            { name: 'pace', type: 4, value: 2 },
          ],
        },
      ],
    });
  });

  it('explains mistakes', () => {
    expect(() => parseCommandLine('/nope', definitions)).toThrow(CommandLineError);
    expect(() => parseCommandLine('/search document: x', definitions)).toThrow(/query/);
    expect(() => parseCommandLine('/session start document: x pace: two', definitions)).toThrow(/number/);
    expect(() => parseCommandLine('/session', definitions)).toThrow(/subcommand/);
  });
});

describe('options the command does not have', () => {
  it('are an error naming the command’s options, not text folded into another value', () => {
    expect(() => parseCommandLine('/summary document: park-2013 style: mla', definitions)).toThrow(
      '/summary has no option "style:". Its options: document: (required)  length: short|long',
    );
  });

  it('suggest the nearest option name', () => {
    expect(() => parseCommandLine('/search query: x documnet: park-2013', definitions)).toThrow(
      /no option "documnet:"\. Did you mean "document:"\?/,
    );
    expect(() => parseCommandLine('/session start document: x spoilers: false', definitions)).toThrow(
      /^\/session start has no option "spoilers:"/,
    );
  });

  it('are not looked for inside quotes or in a word that merely ends with a colon', () => {
    expect(parseCommandLine('/search query: "note: the UN" hide: false', definitions).options).toEqual([
      { name: 'query', type: 3, value: 'note: the UN' },
      { name: 'hide', type: 5, value: false },
    ]);
    expect(parseCommandLine('/search query: ratio 2:1', definitions).options).toEqual([
      { name: 'query', type: 3, value: 'ratio 2:1' },
    ]);
  });

  it('suggest the nearest command for an unknown one', () => {
    expect(() => parseCommandLine('/serch x', definitions)).toThrow(/Did you mean \/search\?/);
  });
});

describe('bare text and mentions', () => {
  it('fills the first required option with text before the first option name', () => {
    expect(parseCommandLine('/search Nunn-Lugar document: jung-2013', definitions).options).toEqual([
      { name: 'query', type: 3, value: 'Nunn-Lugar' },
      { name: 'document', type: 3, value: 'jung-2013' },
    ]);
  });

  it('turns a role named with or without @ into its id', () => {
    const mentions = {
      user: () => undefined,
      channel: () => undefined,
      role: (name: string) => (name === 'reading-leads' ? '222222222222222222' : undefined),
    };
    expect(
      parseCommandLine('/settings moderator_role: @reading-leads', definitions, mentions).options,
    ).toEqual([{ name: 'moderator_role', type: 8, value: '222222222222222222' }]);
    expect(() => parseCommandLine('/settings moderator_role: @nobody', definitions, mentions)).toThrow(
      /no role called "nobody"/,
    );
  });
});

describe('attachment options', () => {
  /** Records what it was asked to attach and hands back a made-up id, as an upload would. */
  const files = () => {
    const asked: Array<[string, string]> = [];
    return {
      asked,
      attach(path: string, optionName: string) {
        if (path.includes('missing')) throw new CommandLineError(`${optionName}: there is no file ${path}`);
        asked.push([path, optionName]);
        return '333333333333333333';
      },
    };
  };

  it('take the typed value as a path, with spaces, in double or single quotes, and pass the upload’s id', () => {
    for (const [line, path] of [
      ['/library add file: ./readings/park 2013.pdf title: Park', './readings/park 2013.pdf'],
      ['/library add file: "~/My Readings/park: notes.pdf"', '~/My Readings/park: notes.pdf'],
      ["/library add file: '../park.epub'", '../park.epub'],
    ] as const) {
      const resolver = files();
      const parsed = parseCommandLine(line, definitions, undefined, resolver);
      expect(resolver.asked).toEqual([[path, 'file']]);
      expect(parsed.options).toEqual([
        {
          name: 'add',
          type: 1,
          options: [
            { name: 'file', type: 11, value: '333333333333333333' },
            ...(line.includes('title:') ? [{ name: 'title', type: 3, value: 'Park' }] : []),
          ],
        },
      ]);
    }
  });

  it('pass on what the resolver refuses, and refuse a file where none can be attached', () => {
    expect(() =>
      parseCommandLine('/library add file: ./missing.pdf', definitions, undefined, files()),
    ).toThrow(/^file: there is no file \.\/missing\.pdf$/);
    expect(() => parseCommandLine('/library add file: ./a.pdf', definitions)).toThrow(CommandLineError);
    expect(() => parseCommandLine('/library add file:', definitions, undefined, files())).toThrow(
      /give a value/,
    );
  });
});

describe('terminal rendering', () => {
  it('numbers buttons and shows embeds as text', () => {
    const { text, controls } = renderMessage({
      embeds: [
        { title: 'Search: x', fields: [{ name: '1. Park (2013), para. 5', value: 'the **UN** should' }] },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, custom_id: 'search:cite:a', label: 'Cite 1' },
            { type: 2, style: 1, custom_id: 'search:page:k:1', label: 'Next ▶', disabled: true },
          ],
        },
      ],
    });
    expect(text).toContain('Search: x');
    expect(text).toContain('Park (2013), para. 5');
    expect(text).toContain('[1] Cite 1');
    expect(controls.map((control) => [control.number, control.customId, control.disabled])).toEqual([
      [1, 'search:cite:a', false],
      [2, 'search:page:k:1', true],
    ]);
  });
});
