import {
  ActionRowBuilder,
  type APIEmbed,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  type MessageCreateOptions,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import {
  exportBibtex,
  formatBibliography,
  formatPassageInText,
  sessionWorks,
  styleLabel,
} from '../../app/session-citations.js';
import type { Passage } from '../../corpus/types.js';
import { defaultStyle } from '../../discord/citing.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { blockQuote, escapeText, fitEmbed, truncate } from '../../discord/markdown.js';
import { buildPrompts, type ReadingSession, type SessionRecap } from '../../sessions/index.js';

const NO_MENTIONS = { parse: [] } as const;
const MAX_PROMPTS = 3;
/** Room for passages in a step's description, leaving the rest of the 4096 for notes and citations. */
const PASSAGE_BUDGET = 3400;
/** Three recap embeds share Discord's 6000-character total. */
const RECAP_EMBED_BUDGET = 1950;

export const SESSION_PREFIX = 'session';

export function joinButtonId(sessionId: number): string {
  return `${SESSION_PREFIX}:join:${sessionId}`;
}

/** Next/Back carry the step they were shown on, so a stale or double click moves nothing. */
export function moveButtonId(action: 'next' | 'back', sessionId: number, position: number): string {
  return `${SESSION_PREFIX}:${action}:${sessionId}:${position}`;
}

function passagesOf(context: AppContext, ids: readonly string[]): Passage[] {
  return ids.flatMap((id) => {
    const passage = context.corpus.getPassage(id);
    return passage ? [passage] : [];
  });
}

/** Up to three prompts for a step, taking each passage's strongest prompt first. */
function stepPrompts(context: AppContext, session: ReadingSession, passages: readonly Passage[]): string[] {
  const others = context.corpus.getDocument(session.documentId)?.passages ?? [];
  const perPassage = passages.map((passage) => buildPrompts(passage, others));
  const prompts: string[] = [];
  for (let round = 0; prompts.length < MAX_PROMPTS; round++) {
    const layer = perPassage.flatMap((list) => list.slice(round, round + 1));
    if (layer.length === 0) break;
    prompts.push(...layer.slice(0, MAX_PROMPTS - prompts.length));
  }
  return prompts;
}

export function stepComponents(
  session: ReadingSession,
  options: { navigable: boolean } = { navigable: true },
): ActionRowBuilder<ButtonBuilder>[] {
  const live = session.status !== 'ended';
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(joinButtonId(session.id))
        .setLabel('Join (attendance)')
        .setStyle(ButtonStyle.Success)
        .setDisabled(!live),
      new ButtonBuilder()
        .setCustomId(moveButtonId('back', session.id, session.position))
        .setLabel('◀ Back')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(!live || !options.navigable || session.atStart),
      new ButtonBuilder()
        .setCustomId(moveButtonId('next', session.id, session.position))
        .setLabel('Next ▶')
        .setStyle(ButtonStyle.Primary)
        .setDisabled(!live || !options.navigable || session.atEnd),
    ),
  ];
}

/** One step of a session as posted in its thread: the passages quoted and cited, then Lectern's prompts. */
export function renderStep(
  context: AppContext,
  session: ReadingSession,
): Pick<MessageCreateOptions, 'embeds' | 'components' | 'allowedMentions'> {
  const document = context.corpus.getDocument(session.documentId);
  const passages = passagesOf(context, session.currentPassageIds);
  const style = defaultStyle(context, session.guildId);
  const perPassage = Math.max(80, Math.floor(PASSAGE_BUDGET / Math.max(1, passages.length)) - 80);
  const blocks = passages.map((passage) => {
    const quote = blockQuote(escapeText(truncate(passage.text, perPassage)));
    const citation = formatPassageInText(context, passage, style);
    return `**${escapeText(passage.locator)}**\n${quote}\n${citation}`;
  });
  if (document && !document.fullText && document.coverageNote) {
    blocks.push(`*${escapeText(document.coverageNote)}*`);
  }
  const prompts = stepPrompts(context, session, passages);
  const embed: APIEmbed = {
    title: escapeText(`${session.title} · step ${session.position + 1} of ${session.stepCount}`),
    color: 0x5865f2,
    description: blocks.join('\n\n'),
    fields:
      prompts.length > 0
        ? [
            {
              name: 'Discussion prompts (written by Lectern, not the author)',
              value: prompts
                .map((prompt, index) => `${index + 1}. ${escapeText(truncate(prompt, 320))}`)
                .join('\n'),
            },
          ]
        : [],
    footer: {
      text: [
        `Session #${session.id}`,
        document?.shortTitle,
        session.minutes ? `moves on every ${session.minutes} min` : undefined,
        session.spoilers ? undefined : '/search here shows only what has been read',
        'Join to be counted as attending',
      ]
        .filter(Boolean)
        .join(' · '),
    },
  };
  return {
    embeds: [fitEmbed(embed)],
    components: stepComponents(session),
    allowedMentions: NO_MENTIONS,
  };
}

/** Posts the session's current step in its thread. */
export async function postStep(client: Client, context: AppContext, session: ReadingSession): Promise<void> {
  await postInThread(client, session, renderStep(context, session));
}

export async function postInThread(
  client: Client,
  session: ReadingSession,
  message: MessageCreateOptions,
): Promise<void> {
  if (!session.threadId) return;
  const thread = await client.channels.fetch(session.threadId);
  if (!thread?.isSendable()) throw new Error(`session ${session.id}: thread ${session.threadId} is gone`);
  await thread.send({ allowedMentions: NO_MENTIONS, ...message });
}

function listWithin(items: readonly string[], separator: string, max: number, more: string): string {
  let text = '';
  for (const [index, item] of items.entries()) {
    const next = text === '' ? item : `${text}${separator}${item}`;
    const left = items.length - index;
    const tail = more.replace('{n}', String(left));
    if (next.length + (left > 1 ? tail.length + separator.length : 0) > max) {
      return text === '' ? tail : `${text}${separator}${tail}`;
    }
    text = next;
  }
  return text;
}

const discordTime = (date: Date, format = 'f') => `<t:${Math.floor(date.getTime() / 1000)}:${format}>`;

/** The recap posted when a session ends: what was read, who came, the notes, and the works cited. */
export function renderRecap(context: AppContext, recap: SessionRecap): MessageCreateOptions {
  const { session } = recap;
  const document = context.corpus.getDocument(session.documentId);
  const style = defaultStyle(context, session.guildId);
  const locatorOf = (id: string) => context.corpus.getPassage(id)?.locator ?? id;
  const revisits = recap.steps.length - new Set(recap.steps.map((step) => step.position)).size;
  const summary: APIEmbed = {
    title: escapeText(`Recap: ${session.title}`),
    color: 0x57f287,
    description: [
      `${escapeText(document?.shortTitle ?? session.documentId)} · ${discordTime(recap.startedAt)} to ${discordTime(recap.endedAt ?? new Date())}`,
      `${recap.steps.length} step${recap.steps.length === 1 ? '' : 's'} shown${revisits > 0 ? ` (${revisits} revisited)` : ''}.`,
    ].join('\n'),
    fields: [
      {
        name: `Passages covered (${recap.passagesCovered.length} of ${session.passageIds.length})`,
        value: listWithin(
          recap.passagesCovered.map((id) => escapeText(locatorOf(id))),
          ', ',
          DISCORD_LIMITS.embedFieldValueLength,
          '… and {n} more',
        ),
      },
      {
        name: `Attendance (${recap.attendance.length})`,
        value: listWithin(
          recap.attendance.map((entry) => `<@${entry.userId}>`),
          ', ',
          DISCORD_LIMITS.embedFieldValueLength,
          '… and {n} more',
        ),
      },
    ],
  };
  const notes: APIEmbed = {
    title: `Notes (${recap.notes.length})`,
    color: 0x57f287,
    description:
      recap.notes.length === 0
        ? 'No notes were taken. Members add them with /note during a session.'
        : listWithin(
            recap.notes.map(
              (note) =>
                `**${escapeText(locatorOf(note.passageId))}** · <@${note.userId}>: ${escapeText(truncate(note.text, 400))}`,
            ),
            '\n',
            RECAP_EMBED_BUDGET - 50,
            '… and {n} more notes',
          ),
  };
  const works = sessionWorks(context, session.documentId, recap.passagesCovered);
  const bibliography: APIEmbed = {
    title: `Session bibliography (${styleLabel(style)})`,
    color: 0x57f287,
    description: listWithin(
      formatBibliography(works, style),
      '\n\n',
      RECAP_EMBED_BUDGET - 50,
      '… and {n} more in the attached file',
    ),
    footer: { text: `BibTeX for all ${works.length} work${works.length === 1 ? '' : 's'} attached` },
  };
  return {
    embeds: [summary, notes, bibliography].map((embed) => fitEmbed(embed, RECAP_EMBED_BUDGET)),
    files: [
      new AttachmentBuilder(Buffer.from(`${exportBibtex(works)}\n`, 'utf8'), {
        name: `session-${session.id}.bib`,
      }),
    ],
    allowedMentions: NO_MENTIONS,
  };
}
