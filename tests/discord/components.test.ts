import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  MessagePayload,
  StringSelectMenuBuilder,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { STYLE_CHOICES, STYLE_LABELS } from '../../src/citations/index.js';
import { styleMenu, styleMenuOptions } from '../../src/commands/cite.js';
import { pageButtons } from '../../src/commands/shared/paging.js';
import { actionRow, button } from '../../src/discord/components.js';

/** The body discord.js sends for a reply with these components. */
function sentBody(components: unknown[]): string {
  const target = { flags: { bitfield: 0 }, client: { options: {} } } as never;
  const payload = new MessagePayload(target, { components, flags: MessageFlags.SuppressEmbeds } as never);
  return JSON.stringify((payload.resolveBody().body as { components: unknown }).components);
}

// The replies must stay byte for byte what the builders sent before.
describe('components as JSON send exactly what the builders sent', () => {
  it('buttons, disabled or not', () => {
    const built = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('search:cite:p1').setLabel('Cite 1').setStyle(ButtonStyle.Secondary),
      new ButtonBuilder()
        .setCustomId('search:page:k:0')
        .setLabel('◀ Prev')
        .setStyle(ButtonStyle.Primary)
        .setDisabled(true),
      new ButtonBuilder()
        .setCustomId('search:page:k:2')
        .setLabel('Next ▶')
        .setStyle(ButtonStyle.Primary)
        .setDisabled(false),
    );
    const ours = actionRow([
      button('search:cite:p1', 'Cite 1', ButtonStyle.Secondary),
      ...pageButtons((page) => `search:page:k:${page + 1}`, { index: 0, count: 3 }).map((each) =>
        each.toJSON(),
      ),
    ]);
    expect(sentBody([built])).toContain('"custom_id":"search:page:k:0"');
    expect(sentBody([ours])).toBe(sentBody([built]));
  });

  it('the style menu of /cite, for every chosen style', () => {
    for (const chosen of STYLE_CHOICES) {
      const built = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId('cite:style:p:doc#p3:2')
          .setPlaceholder('Switch style')
          .addOptions(
            STYLE_CHOICES.map((value) => ({ label: STYLE_LABELS[value], value, default: value === chosen })),
          ),
      );
      expect(sentBody([styleMenu('cite:style:p:doc#p3:2', chosen)])).toBe(sentBody([built]));
    }
  });

  it('makes the style menu’s options once per style', () => {
    expect(styleMenuOptions('apa')).toBe(styleMenuOptions('apa'));
    expect(styleMenuOptions('mla')).not.toBe(styleMenuOptions('apa'));
  });
});
