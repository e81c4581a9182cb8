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
import { proseStyle, STYLE_LABELS } from '../../citations/index.js';
import type { CslItem, LibraryDocument, Passage } from '../../corpus/types.js';
import {
  defaultStyle,
  exportItems,
  formatReferences,
  passageInText,
  referencePlainText,
} from '../../discord/citing.js';
import { commandIds, field } from '../../discord/custom-id.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { blockQuote, escapeText, fitEmbed, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { referenceListPrompts, stepPrompts } from '../../extract/prompts.js';
import { digestReferences, type ReferenceDigest } from '../../extract/reference-digest.js';
import {
  type ReadingSession,
  type SessionEvent,
  type SessionRecap,
  wholeSentences,
} from '../../sessions/index.js';
import { counted, pluralNoun } from '../../text/plural.js';

/** Room for passages in a step's description, leaving the rest of the 4096 for notes and citations. */
export const PASSAGE_BUDGET = 3400;
/** What a passage costs in a step besides its text: its heading, quote marks and citation. */
export const PASSAGE_FRAMING = 80;
/** Three recap embeds share Discord's 6000-character total. */
const RECAP_EMBED_BUDGET = 1950;

/** The custom ids of the session's buttons; Next/Back carry the step they were shown on. */
const sessionIds = commandIds('session', 'This button no longer works. Use /session status.');
const sessionId = field.int(1, Number.MAX_SAFE_INTEGER);
const position = field.int(0, 1_000_000);
export const joinAction = sessionIds.action('join', { sessionId });
/** Next/Back carry the step they were shown on, so a stale or double click moves nothing. */
export const moveActions = {
  next: sessionIds.action('next', { sessionId, position }),
  back: sessionIds.action('back', { sessionId, position }),
};

/** A Discord timestamp, shown in each reader's own time zone. */
export const discordTime = (date: Date, format = 'f') => `<t:${Math.floor(date.getTime() / 1000)}:${format}>`;

export function where(session: ReadingSession): string {
  return session.threadId ? `<#${session.threadId}>` : 'the session thread';
}

/** "para. 2, para. 3", or "reference 1 to reference 49" for a longer run, so a long step reads as a span. */
export function stepSpan(locators: readonly string[]): string {
  if (locators.length <= 3) return locators.join(', ');
  return `${locators[0]} to ${locators.at(-1)}`;
}

/** What /search and /cite in the session's thread reach: the setting `spoilers` stands for, in words. */
export function searchScope(session: ReadingSession): string {
  return session.spoilers ? 'the whole document' : 'only passages read so far';
}

function joinButton(session: ReadingSession): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(joinAction.encode({ sessionId: session.id }))
    .setLabel('Join (attendance)')
    .setStyle(ButtonStyle.Success)
    .setDisabled(session.status === 'ended');
}

/** The announcement's row: only Join, which keeps working for the whole session. */
export function joinRow(session: ReadingSession): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(joinButton(session));
}

export function stepComponents(
  session: ReadingSession,
  options: { navigable: boolean } = { navigable: true },
): ActionRowBuilder<ButtonBuilder>[] {
  const live = session.status !== 'ended';
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      joinButton(session),
      new ButtonBuilder()
        .setCustomId(moveActions.back.encode({ sessionId: session.id, position: session.position }))
        .setLabel('◀ Back')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(!live || !options.navigable || session.atStart),
      new ButtonBuilder()
        .setCustomId(moveActions.next.encode({ sessionId: session.id, position: session.position }))
        .setLabel('Next ▶')
        .setStyle(ButtonStyle.Primary)
        .setDisabled(!live || !options.navigable || session.atEnd),
    ),
  ];
}

function passagesOf(context: AppContext, ids: readonly string[]): Passage[] {
  return ids.flatMap((id) => {
    const passage = context.corpus.getPassage(id);
    return passage ? [passage] : [];
  });
}

/** The style a session cites in: its server's. */
async function sessionStyle(context: AppContext, session: ReadingSession) {
  return proseStyle(await defaultStyle(context, session.guildId));
}

/** "Jung", "Kim and Lee", "Kim et al.": who the reading's reference list belongs to. */
function authorLabel(document: LibraryDocument | undefined): string {
  const names = (document?.csl.author ?? []).map((name) => name.literal ?? name.family ?? '').filter(Boolean);
  if (names.length === 0) return 'the author';
  if (names.length === 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} et al.`;
}

/** The reference-list entries a step's passages stand for, in list order. */
function entriesOf(document: LibraryDocument | undefined, passages: readonly Passage[]) {
  if (!document) return [];
  const numbers = new Set(passages.map((passage) => passage.ordinal));
  return document.references.filter((entry) => numbers.has(entry.number));
}

/**
 * Every work a session cited: its document, and each reference-list entry it read out (an entry of
 * document B is itself a citable work). Ordered as read, without duplicates.
 */
export function sessionWorks(
  context: AppContext,
  documentId: string,
  passageIds: readonly string[],
): CslItem[] {
  const document = context.corpus.getDocument(documentId);
  if (!document) return [];
  const references = passagesOf(context, passageIds).filter((passage) => passage.kind === 'reference');
  const works = new Map<string, CslItem>([[document.csl.id, document.csl]]);
  for (const entry of entriesOf(document, references)) works.set(entry.csl.id, entry.csl);
  return [...works.values()];
}

function tallies(items: ReadonlyArray<{ label: string; count: number }>): string {
  return items.map((item) => `${escapeText(item.label)} (${item.count})`).join(' · ');
}

function digestLines(digest: ReferenceDigest): string[] {
  const kinds = digest.kinds.map((kind) => `${kind.count} ${kind.kind.replace(/-/g, ' ')}`).join(', ');
  return [
    `${counted(digest.total, 'work')}: ${kinds}.`,
    digest.decades.length > 0
      ? `**By decade:** ${tallies(digest.decades)}${digest.undated > 0 ? ` · undated (${digest.undated})` : ''}`
      : '',
    digest.authors.length > 0 ? `**Cited more than once:** ${tallies(digest.authors)}` : '',
    digest.topics.length > 0 ? `**Recurring words in the titles:** ${tallies(digest.topics)}` : '',
  ].filter(Boolean);
}

interface StepBody {
  blocks: string[];
  prompts: string[];
  files: AttachmentBuilder[];
}

/** A step of the argument: each passage quoted whole (or in whole sentences) and cited. */
async function readingStep(
  context: AppContext,
  session: ReadingSession,
  passages: readonly Passage[],
): Promise<StepBody> {
  const document = context.corpus.getDocument(session.documentId);
  const style = await sessionStyle(context, session);
  // Steps are planned to fit whole; only a passage longer than a step, or a step planned before steps
  // fitted their room, is shortened, to an equal share in whole sentences.
  const needed = passages.reduce((sum, passage) => sum + passage.text.length + PASSAGE_FRAMING, 0);
  const room =
    needed <= PASSAGE_BUDGET
      ? Number.POSITIVE_INFINITY
      : Math.max(200, Math.floor(PASSAGE_BUDGET / Math.max(1, passages.length)) - PASSAGE_FRAMING);
  const blocks = passages.map((passage) => {
    const shown = wholeSentences(passage, room);
    const rest =
      shown.omitted > 0 ? `\n*${counted(shown.omitted, 'more sentence')} in the full passage.*` : '';
    const citation = passageInText(context, passage, style);
    return `**${escapeText(passage.locator)}**\n${blockQuote(escapeText(shown.text))}${rest}\n${citation}`;
  });
  return {
    blocks,
    prompts: stepPrompts(passages, document?.passages ?? []),
    files: [],
  };
}

/** A reference list as one step: what the reading draws on, counted, with the entries attached. */
async function referencesStep(
  context: AppContext,
  session: ReadingSession,
  passages: readonly Passage[],
): Promise<StepBody> {
  const document = context.corpus.getDocument(session.documentId);
  const entries = entriesOf(document, passages);
  const digest = digestReferences(entries);
  const style = await sessionStyle(context, session);
  const span = stepSpan(passages.map((passage) => passage.locator));
  const formatted = formatReferences(
    entries.map((entry) => entry.csl),
    style,
  );
  const file = new AttachmentBuilder(Buffer.from(`${formatted.join('\n\n')}\n`, 'utf8'), {
    name: `session-${session.id}-references.md`,
  });
  return {
    blocks: [
      `**What ${escapeText(authorLabel(document))} draws on** (${escapeText(span)})`,
      digestLines(digest).join('\n'),
      `*The ${counted(entries.length, 'entry', 'entries')} ${pluralNoun(entries.length, 'is', 'are')} attached, formatted in ${STYLE_LABELS[style]}.*`,
    ],
    prompts: referenceListPrompts(digest),
    files: [file],
  };
}

/** One step of a session as posted in its thread: the passages quoted and cited, then Lectern's prompts. */
export async function renderStep(
  context: AppContext,
  session: ReadingSession,
): Promise<MessageCreateOptions> {
  const document = context.corpus.getDocument(session.documentId);
  const passages = passagesOf(context, session.currentPassageIds);
  const isReferenceList = passages.length > 0 && passages.every((passage) => passage.kind === 'reference');
  const body = isReferenceList
    ? await referencesStep(context, session, passages)
    : await readingStep(context, session, passages);
  if (document && !document.fullText && document.coverageNote) {
    body.blocks.push(`*${escapeText(document.coverageNote)}*`);
  }
  const embed: APIEmbed = {
    title: escapeText(`${session.title} · step ${session.position + 1} of ${session.stepCount}`),
    color: 0x5865f2,
    description: body.blocks.join('\n\n'),
    fields:
      body.prompts.length > 0
        ? [
            {
              name: 'Discussion prompts (written by Lectern, not the author)',
              value: body.prompts
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
        `Search in this thread: ${searchScope(session)}`,
        'Join to be counted as attending',
      ]
        .filter(Boolean)
        .join(' · '),
    },
  };
  return {
    embeds: [fitEmbed(embed)],
    components: stepComponents(session),
    files: body.files,
    allowedMentions: NO_MENTIONS,
  };
}

/** The message announcing a session in its channel; its thread hangs off it. */
export function renderAnnouncement(
  context: AppContext,
  session: ReadingSession,
  startedBy: string,
): MessageCreateOptions {
  const document = context.corpus.getDocument(session.documentId);
  const locator = (id: string | undefined) => (id ? (context.corpus.getPassage(id)?.locator ?? id) : '');
  return {
    embeds: [
      fitEmbed({
        // The title already names the reading ("Reading: Park (2013)" by default); no second "Reading".
        title: escapeText(session.title),
        color: 0x5865f2,
        description: [
          `Reading session: ${escapeText(document?.shortTitle ?? session.documentId)}, ${escapeText(locator(session.passageIds[0]))} to ${escapeText(locator(session.passageIds.at(-1)))}, in ${counted(session.stepCount, 'step')}.`,
          `Started by <@${startedBy}>. The reading and discussion run in the thread below; press Join to be counted.`,
        ].join('\n'),
      }),
    ],
    components: [joinRow(session)],
    allowedMentions: NO_MENTIONS,
  };
}

function listWithin(
  items: readonly string[],
  separator: string,
  max: number,
  more: (left: number) => string,
): string {
  let text = '';
  for (const [index, item] of items.entries()) {
    const next = text === '' ? item : `${text}${separator}${item}`;
    const left = items.length - index;
    const tail = more(left);
    if (next.length + (left > 1 ? tail.length + separator.length : 0) > max) {
      return text === '' ? tail : `${text}${separator}${tail}`;
    }
    text = next;
  }
  return text;
}

/** The recap posted when a session ends: what was read, who came, the notes, and the works cited. */
export async function renderRecap(context: AppContext, recap: SessionRecap): Promise<MessageCreateOptions> {
  const { session } = recap;
  const document = context.corpus.getDocument(session.documentId);
  const style = await sessionStyle(context, session);
  const locatorOf = (id: string) => context.corpus.getPassage(id)?.locator ?? id;
  const revisits = recap.steps.length - new Set(recap.steps.map((step) => step.position)).size;
  const summary: APIEmbed = {
    title: escapeText(`Recap: ${session.title}`),
    color: 0x57f287,
    description: [
      `${escapeText(document?.shortTitle ?? session.documentId)} · ${discordTime(recap.startedAt)} to ${discordTime(recap.endedAt ?? new Date())}`,
      `${counted(recap.steps.length, 'step')} shown${revisits > 0 ? ` (${revisits} revisited)` : ''}.`,
    ].join('\n'),
    fields: [
      {
        name: `Passages covered (${recap.passagesCovered.length} of ${session.passageIds.length})`,
        value: listWithin(
          recap.passagesCovered.map((id) => escapeText(locatorOf(id))),
          ', ',
          DISCORD_LIMITS.embedFieldValueLength,
          (left) => `… and ${left} more`,
        ),
      },
      {
        name: `Attendance (${recap.attendance.length})`,
        value: listWithin(
          recap.attendance.map((entry) => `<@${entry.userId}>`),
          ', ',
          DISCORD_LIMITS.embedFieldValueLength,
          (left) => `… and ${left} more`,
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
            (left) => `… and ${counted(left, 'more note')}`,
          ),
  };
  const works = sessionWorks(context, session.documentId, recap.passagesCovered);
  const bibliography: APIEmbed = {
    title: `Session bibliography (${STYLE_LABELS[style]})`,
    color: 0x57f287,
    description: listWithin(
      formatReferences(works, style),
      '\n\n',
      RECAP_EMBED_BUDGET - 50,
      (left) => `… and ${left} more in the attached file`,
    ),
    footer: { text: `BibTeX attached for ${counted(works.length, 'work')}` },
  };
  return {
    embeds: [summary, notes, bibliography].map((embed) => fitEmbed(embed, RECAP_EMBED_BUDGET)),
    files: [
      new AttachmentBuilder(Buffer.from(`${exportItems(works, 'bibtex')}\n`, 'utf8'), {
        name: `session-${session.id}.bib`,
      }),
    ],
    allowedMentions: NO_MENTIONS,
  };
}

/** What the thread shows for each thing that happens to a session. */
export async function renderEvent(context: AppContext, event: SessionEvent): Promise<MessageCreateOptions> {
  const { session } = event;
  switch (event.kind) {
    case 'step':
      return renderStep(context, session);
    case 'paused':
      return {
        content: `⏸ The session is paused by <@${event.by}>${session.minutes ? '; its timer is stopped' : ''}.`,
        allowedMentions: NO_MENTIONS,
      };
    case 'resumed':
      return {
        content: `▶ The session resumes at step ${session.position + 1} of ${session.stepCount}${session.minutes ? `; the next step follows in ${session.minutes} min` : ''}.`,
        allowedMentions: NO_MENTIONS,
      };
    case 'ended':
      return renderRecap(context, event.recap);
  }
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

/** The document's reference as plain text, for a scheduled event's description (Discord shows it without markdown). */
export async function plainReference(
  context: AppContext,
  document: LibraryDocument,
  guildId: string,
): Promise<string> {
  return referencePlainText(document.csl, proseStyle(await defaultStyle(context, guildId)));
}
