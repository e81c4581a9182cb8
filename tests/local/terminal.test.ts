import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandDefinitions, commandHelp } from '../../src/commands/index.js';
import { useHarness } from '../e2e/harness.js';
import { useTerminal } from './typing.js';

const harness = useHarness();
const directory = mkdtempSync(path.join(tmpdir(), 'lectern-terminal-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const local = useTerminal(() => ({
  standin: harness.standin,
  definitions: commandDefinitions(),
  commandHelp,
  timeZone: 'UTC',
  workingDirectory: directory,
}));
const type = local.type;

describe('the local terminal against the real bot', () => {
  it('switches a citation’s style by the number of a Switch style option', async () => {
    const first = await type('/cite query: military option');
    expect(first).toContain('== APA 7: Park (2013), para. 5 ==');
    const menu = /Switch style ▾ (.*)/.exec(first)?.[1] ?? '';
    const mla = /\[(\d+)\] MLA 9/.exec(menu)?.[1];
    expect(mla).toBeDefined();
    const switched = await type(mla ?? '');
    expect(switched).toContain('== MLA 9: Park (2013), para. 5 ==');
    expect(switched).toMatch(/\[\d+\] MLA 9 ✓/);
  });

  it('lists an attached file with its size and saves it where asked', async () => {
    const reply = await type('/cite document: park-2013 style: bibtex');
    expect(reply).toMatch(/\[file 1\] park-2013\.bib, \d+ B/);
    const saved = await type('save 1 ./out.bib');
    expect(saved).toContain(path.join(directory, 'out.bib'));
    const content = readFileSync(path.join(directory, 'out.bib'), 'utf8');
    expect(content).toMatch(/^@techreport\{/);
    expect(content).toContain('Coercive');
    expect(await type('save 2')).toMatch(/files 1 to 1/);
  });

  it('refuses an option the command does not have before anything reaches Discord', async () => {
    const before = harness.standin.interactions.size;
    const reply = await type('/summary document: park-2013 style: mla');
    expect(reply).toMatch(/^\/summary has no option "style:"\. Its options: document: \(required\)/);
    expect(reply).not.toContain('know that document');
    expect(harness.standin.interactions.size).toBe(before);
  });

  it('lets a moderator type in a session thread, with spoilers off and a /note there', async () => {
    expect(await type('in thread')).toMatch(/no thread yet/i);
    const started = await type('/session start document: park-2013 pace: 1 spoilers: False');
    // Mentions read as Discord shows them: the thread as #name, the moderator in the announcement as @name.
    expect(started).toContain('in #Reading: Park (2013)');
    expect(started).not.toMatch(/<#\d+>/);
    const announcement = harness.standin
      .messagesIn(harness.standin.channelId)
      .find((message) => JSON.stringify(message.embeds).includes('Started by'));
    expect(JSON.stringify(announcement?.embeds)).toMatch(/<@\d+>/);
    local.clear();
    if (announcement) local.terminal.showPosted(announcement);
    expect(local.written()).toContain('Started by @moderator.');
    expect(await type('in thread')).toMatch(/^You are in the thread #/);
    expect(local.terminal.prompt).toMatch(/^moderator #.+> $/);
    const note = await type('/note text: the UNSC point assumes China abstains');
    expect(note).toMatch(/Noted on para\. 1 of \*Reading: Park \(2013\)\*/);
    // Spoilers are off: a search typed in the thread sees only what the session has read.
    const search = await type('/search query: North Korea');
    expect(search).toContain('covered so far');
    expect(search).toContain('Park (2013), para. 1');
    expect(search).not.toMatch(/para\. [2-7]|Jung/);
    const sessionThread = harness.standin.channels.get(local.terminal.channelId);
    expect(sessionThread?.parent_id).toBe(harness.standin.channelId);
    expect(await harness.context.sessions.getByThread(local.terminal.channelId)).toBeDefined();
    expect(await type('in channel')).toMatch(/#reading-room/);
    expect(local.terminal.prompt).toBe('moderator> ');
    await type('in thread');
    await type('/session end');
  });

  it('names a role option by its name and shows the role as @name', async () => {
    const reply = await type('/settings moderator_role: @reading-leads');
    expect(reply).toContain('@reading-leads');
    expect(reply).not.toMatch(/<@&\d+>/);
  });

  it('lists every command with its options, from the same registry as /help', async () => {
    const help = await type('help');
    for (const entry of commandHelp) expect(help).toContain(entry.name);
    expect(help).toMatch(/\/summary {2}document: \(required\) {2}length: short\|medium\|long {2}hide:/);
    expect(help).toMatch(/\/session start {2}document: \(required\).*spoilers:/);
    expect(help).toContain('save <n> [path]');
  });

  it('says quit is quit', async () => {
    expect(await local.terminal.handle('quit')).toBe('quit');
  });
});
