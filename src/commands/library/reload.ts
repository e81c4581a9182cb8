import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { loadLibrary } from '../../app/create.js';
import { CorpusError, type CorpusWarning, formatProblem } from '../../corpus/index.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { escapeText, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { counted } from '../../text/index.js';

const SHOWN_PROBLEMS = 5;

/** The operator's reload of the data directory: the new library everywhere, or the old one kept and why. */
export async function reload(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const before = context.libraries.sharedCorpus;
  const warnings: CorpusWarning[] = [];
  let content: string;
  try {
    const shared = loadLibrary(context.config, context.logger, warnings);
    await context.libraries.reloadShared(shared);
    for (const warning of warnings) context.logger.debug({ ...warning }, 'reference entry flagged');
    context.logger.info(
      { userId: interaction.user.id, documents: shared.documents.length, flagged: warnings.length },
      'shared library reloaded',
    );
    // Sessions keep running on what they stored, but the steps of a document that left show no text.
    const live = await context.sessions.listLive();
    const views = await Promise.all(live.map((session) => context.libraries.viewFor(session.guildId)));
    const orphaned = live.filter((session, index) => !views[index]?.corpus.getDocument(session.documentId));
    content = [
      `Reloaded the shared library: ${counted(shared.documents.length, 'document')}, ${counted(shared.passages.length, 'passage')} (before: ${counted(before.documents.length, 'document')}).`,
      warnings.length > 0
        ? `${counted(warnings.length, 'reference entry', 'reference entries')} kept as printed but flagged; the log lists them.`
        : '',
      context.config.sharedLibrary ? '' : 'SHARED_LIBRARY=false: servers do not see it.',
      orphaned.length > 0
        ? `⚠️ ${counted(orphaned.length, 'live reading session')} run on documents no longer in the library: ${orphaned
            .map((session) => `\`${session.documentId}\``)
            .join(', ')}. Moderators can end them with /session end.`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
  } catch (error) {
    context.logger.error({ err: error, userId: interaction.user.id }, 'reloading the shared library failed');
    const problems = error instanceof CorpusError ? error.problems.map(formatProblem) : [String(error)];
    content = [
      `The data directory could not be loaded, so the library in use is unchanged (${counted(before.documents.length, 'document')}). ${counted(problems.length, 'problem')}:`,
      ...problems.slice(0, SHOWN_PROBLEMS).map((problem) => `• ${escapeText(truncate(problem, 300))}`),
      problems.length > SHOWN_PROBLEMS ? `… and ${problems.length - SHOWN_PROBLEMS} more in the log.` : '',
    ]
      .filter(Boolean)
      .join('\n');
  }
  await interaction.editReply({
    content: truncate(content, DISCORD_LIMITS.contentLength),
    allowedMentions: NO_MENTIONS,
  });
}
