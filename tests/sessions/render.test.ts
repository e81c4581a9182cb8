import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/create.js';
import { renderStep } from '../../src/commands/session/render.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { planSteps, type ReadingSession } from '../../src/sessions/index.js';

/** A group's own reading, invented here: nothing in the session code may depend on the shared library. */
const sentence = (index: number) => `Claim number ${index} of the long paragraph is stated in full here.`;
const LONG = Array.from({ length: 40 }, (_, index) => sentence(index + 1)).join(' ');
const HUGE = Array.from({ length: 80 }, (_, index) => sentence(index + 1)).join(' ');
const SHORT = 'A short paragraph closes the reading. It says two things.';

const directory = mkdtempSync(join(tmpdir(), 'lectern-render-'));
const dataDir = join(directory, 'data');
mkdirSync(dataDir);
writeFileSync(
  join(dataDir, 'roe-2024.md'),
  `---
id: roe-2024
shortTitle: Roe (2024)
fullText: true
csl:
  type: article-journal
  title: An Invented Reading for Render Tests
  author:
    - family: Roe
      given: Rita
  container-title: Journal of Examples
  issued:
    date-parts: [[2024]]
---

## Text

${LONG}

${SHORT}

${HUGE}

## References

- Kim, Minji. 2019. Reading Together. Boston: Example Press.
- Kim, Minji. 2021. Reading Apart. Boston: Example Press.
- Lee, Sora. 2008. Groups That Read. Seoul: Example Press.
- Okafor, Ada. 1999. Reading Groups and Their Questions. Lagos: Example Press.
`,
);
const logger = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
});
const context = await createAppContext(
  loadConfig({ DATA_DIR: dataDir, DATABASE_PATH: join(directory, 'lectern.sqlite'), LOG_LEVEL: 'silent' }),
  logger,
  [],
);
afterAll(async () => {
  await context.close();
  rmSync(directory, { recursive: true, force: true });
});

const document = context.corpus.getDocument('roe-2024');
const passages = document?.passages ?? [];

/** The step's embed description; renderStep builds plain embed objects. */
async function descriptionOf(session: ReadingSession): Promise<string> {
  const [embed] = (await renderStep(context, session)).embeds ?? [];
  return (embed && 'description' in embed ? embed.description : undefined) ?? '';
}

async function firstDescription(channelId: string, pace: number): Promise<string> {
  const session = await context.sessions.start({
    guildId: 'g1',
    channelId,
    documentId: 'roe-2024',
    passageIds: passages.map((passage) => passage.id),
    steps: planSteps(passages, { pace, maxCharacters: 3400, framingCharacters: 80 }),
    startedBy: 'mod1',
    pace,
  });
  return descriptionOf(session);
}

describe('renderStep on a reading of any shape', () => {
  it('shows a passage longer than an equal share whole when the step was planned to fit', async () => {
    expect(LONG.length).toBeGreaterThan(1700);
    const description = await firstDescription('c-pace-2', 2);
    expect(description).toContain(sentence(40));
    expect(description).toContain('It says two things.');
    expect(description).not.toMatch(/…|more sentence/);
  });

  it('shortens a passage longer than a whole step only at a sentence end, and says how much is left', async () => {
    const session = await context.sessions.start({
      guildId: 'g1',
      channelId: 'c-huge',
      documentId: 'roe-2024',
      passageIds: [passages[2]?.id ?? ''],
      startedBy: 'mod1',
    });
    const description = await descriptionOf(session);
    const shown = [
      ...description.matchAll(/Claim number (\d+) of the long paragraph is stated in full here\./g),
    ];
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(80);
    expect(description).toContain(`${80 - shown.length} more sentences in the full passage`);
    expect(description).not.toMatch(/Claim number \d+ of the long(?! paragraph is stated in full here\.)/);
  });

  it('discusses the reference list as one step: counted by decade and author, the entries attached', async () => {
    const steps = planSteps(passages, { pace: 1, maxCharacters: 3400, framingCharacters: 80 });
    expect(steps.map((step) => step.length)).toEqual([1, 1, 1, 4]);
    const session = await context.sessions.start({
      guildId: 'g1',
      channelId: 'c-references',
      documentId: 'roe-2024',
      passageIds: passages.map((passage) => passage.id),
      steps,
      startedBy: 'mod1',
    });
    for (let move = 0; move < 3; move++) await context.sessions.next(session.id);
    const atReferences = await context.sessions.get(session.id);
    if (!atReferences) throw new Error('the session is gone');
    const message = await renderStep(context, atReferences);
    const description = await descriptionOf(atReferences);
    expect(description).toMatch(/^\*\*What Roe draws on\*\* \(reference 1 to reference 4\)/);
    expect(description).toContain('**By decade:** 1990s (1) · 2000s (1) · 2010s (1) · 2020s (1)');
    expect(description).toContain('**Cited more than once:** Minji Kim (2)');
    // Counted by word family ("Reading", "Read"); titles are in title case, so the form keeps its capital.
    expect(description).toMatch(/\*\*Recurring words in the titles:\*\* read\w* \(4\)/i);
    expect(message.files).toHaveLength(1);
  });
});
