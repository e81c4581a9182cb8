import { describe, expect, it } from 'vitest';
import { defuseMentions } from '../../src/discord/markdown.js';
import { type NameLookup, renderDiscordSyntax, renderMessage } from '../../src/local/render.js';

const names: NameLookup = {
  user: (id) => ({ '111111111111111111': 'moderator' })[id],
  role: (id) => ({ '222222222222222222': 'reading-leads' })[id],
  channel: (id) => ({ '333333333333333333': 'park-2013-reading' })[id],
};

describe('Discord syntax in the terminal', () => {
  it('shows mentions as @name, @role and #channel', () => {
    expect(
      renderDiscordSyntax(
        'Started by <@111111111111111111> (<@!111111111111111111>) for <@&222222222222222222> in <#333333333333333333>.',
        { names },
      ),
    ).toBe('Started by @moderator (@moderator) for @reading-leads in #park-2013-reading.');
    expect(renderDiscordSyntax('<@999999999999999999> <#999999999999999999>', { names })).toBe(
      '@unknown-user #unknown-channel',
    );
  });

  it('leaves mentions that were defused on purpose as literal text', () => {
    const defused = defuseMentions('quoting <@111111111111111111>');
    expect(renderDiscordSyntax(defused, { names })).toBe(defused);
  });

  it('shows <t:…> timestamps as dates in the given time zone, and relative ones relative to now', () => {
    // 2026-03-01 19:00 UTC is 2026-03-02 04:00 in Seoul.
    const seconds = Date.UTC(2026, 2, 1, 19, 0) / 1000;
    const full = renderDiscordSyntax(`<t:${seconds}:F>`, { timeZone: 'Asia/Seoul' });
    expect(full).toMatch(/Monday, March 2, 2026/);
    expect(full).toMatch(/4:00/);
    expect(renderDiscordSyntax(`<t:${seconds}:F>`, { timeZone: 'UTC' })).toMatch(/Sunday, March 1, 2026/);
    const now = new Date((seconds - 2 * 3600) * 1000);
    expect(renderDiscordSyntax(`starts <t:${seconds}:R>`, { now, timeZone: 'UTC' })).toBe(
      'starts in 2 hours',
    );
    const later = new Date((seconds + 3 * 60) * 1000);
    expect(renderDiscordSyntax(`<t:${seconds}:R>`, { now: later, timeZone: 'UTC' })).toBe('3 minutes ago');
    expect(renderDiscordSyntax(`<t:${seconds}>`, { timeZone: 'UTC' })).toMatch(/March 1, 2026/);
  });

  it('renders mentions inside embeds too', () => {
    const { text } = renderMessage(
      { embeds: [{ fields: [{ name: 'Attendance', value: '<@111111111111111111>' }] }] },
      { names },
    );
    expect(text).toContain('@moderator');
    expect(text).not.toContain('<@');
  });
});

describe('message controls in the terminal', () => {
  it('numbers a select menu’s options after the buttons, marking the chosen one', () => {
    const { text, controls } = renderMessage({
      components: [
        { type: 1, components: [{ type: 2, style: 2, custom_id: 'x:button', label: 'Press' }] },
        {
          type: 1,
          components: [
            {
              type: 3,
              custom_id: 'cite:style:p:park-2013#p5:0',
              placeholder: 'Switch style',
              options: [
                { label: 'APA 7', value: 'apa', default: true },
                { label: 'MLA 9', value: 'mla' },
              ],
            },
          ],
        },
      ],
    });
    expect(text).toContain('[1] Press');
    expect(text).toContain('Switch style ▾  [2] APA 7 ✓  [3] MLA 9');
    expect(controls.map((control) => [control.number, control.kind, control.label])).toEqual([
      [1, 'button', 'Press'],
      [2, 'option', 'APA 7'],
      [3, 'option', 'MLA 9'],
    ]);
    expect(controls[2]).toMatchObject({
      customId: 'cite:style:p:park-2013#p5:0',
      value: 'mla',
      menu: 'Switch style',
    });
  });

  it('lists attachments with their number, name and size', () => {
    const { text } = renderMessage({
      attachments: [
        { filename: 'park-2013.bib', size: 320 },
        { filename: 'references.ris', size: 5 * 1024 + 300 },
      ],
    });
    expect(text).toContain('[file 1] park-2013.bib, 320 B');
    expect(text).toContain('[file 2] references.ris, 5.3 KB');
  });
});
