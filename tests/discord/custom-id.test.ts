import { describe, expect, it } from 'vitest';
import { commandIds, field, splitCustomId } from '../../src/discord/custom-id.js';
import { UserError } from '../../src/errors.js';

const ids = commandIds('cite', 'This menu no longer works. Run /cite again.');
const styleMenu = ids.action('style', {
  kind: field.oneOf(['p', 'd']),
  id: field.text(),
  sentence: field.int(0, 9999),
});
const page = ids.action('page', { key: field.text(16), page: field.int(-1, 99) });

function staleCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof UserError ? error.code : 'not a UserError';
  }
  return undefined;
}

describe('custom-id codec', () => {
  it('writes prefix, action and fields in order, and reads back the same typed values', () => {
    const id = styleMenu.encode({ kind: 'p', id: 'park-2013#p5', sentence: 2 });
    expect(id).toBe('cite:style:p:park-2013#p5:2');
    expect(styleMenu.decode(id)).toEqual({ kind: 'p', id: 'park-2013#p5', sentence: 2 });
    expect(page.decode(page.encode({ key: 'AbC-_9', page: -1 }))).toEqual({ key: 'AbC-_9', page: -1 });
    expect(splitCustomId(id)).toEqual({
      prefix: 'cite',
      action: 'style',
      fields: ['p', 'park-2013#p5', '2'],
    });
  });

  it.each([
    ['another prefix', 'search:style:p:park-2013#p5:2'],
    ['another action', 'cite:page:p:park-2013#p5:2'],
    ['a field missing', 'cite:style:p:park-2013#p5'],
    ['a field too many', 'cite:style:p:park-2013#p5:2:9'],
    ['a word outside the list', 'cite:style:x:park-2013#p5:2'],
    ['a number that is not one', 'cite:style:p:park-2013#p5:2e3'],
    ['a number out of range', 'cite:style:p:park-2013#p5:10000'],
    ['an empty text field', 'cite:style:p::2'],
    ['nothing at all', ''],
  ])('refuses %s as stale', (_label, forged) => {
    expect(staleCode(() => styleMenu.decode(forged))).toBe('stale');
  });

  it('says what the command chose when it refuses an id', () => {
    expect(() => styleMenu.decode('cite:style')).toThrow('This menu no longer works. Run /cite again.');
  });

  it('refuses to write an id Discord would reject or that would not read back', () => {
    expect(() => styleMenu.encode({ kind: 'p', id: 'a:b', sentence: 0 })).toThrow(/cannot hold/);
    expect(() => page.encode({ key: 'k', page: 100 })).toThrow(/cannot hold/);
    const long = ids.action('long', { a: field.text(80), b: field.text(80) });
    expect(() => long.encode({ a: 'x'.repeat(50), b: 'y'.repeat(50) })).toThrow(/longer than 100/);
  });

  it('routes the kind of control it was made for, and refuses any other as stale', async () => {
    const seen: unknown[] = [];
    const action = styleMenu.select(async (_interaction, id) => {
      seen.push(id);
    });
    expect([action.prefix, action.action, action.preconditions]).toEqual(['cite', 'style', []]);
    const customId = 'cite:style:d:jung-2013:0';
    const menu = {
      customId,
      isStringSelectMenu: () => true,
      isButton: () => false,
      isModalSubmit: () => false,
    };
    const button = { ...menu, isStringSelectMenu: () => false, isButton: () => true };
    await action.run(menu as never, {} as never);
    expect(seen).toEqual([{ kind: 'd', id: 'jung-2013', sentence: 0 }]);
    await expect(action.run(button as never, {} as never)).rejects.toMatchObject({ code: 'stale' });
    expect(seen).toHaveLength(1);
  });
});
