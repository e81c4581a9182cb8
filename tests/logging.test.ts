import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../src/logger.js';
import { secretsOfDatabaseUrl, withoutPassword } from '../src/state/postgres.js';
import { capturingLogger } from './logs.js';

const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQ';
const USER_TEXT = 'my private reading note about chapter nine';
const CALLBACK_URL = `https://discord.com/api/v10/interactions/123456789012345678/${INTERACTION_TOKEN}/callback`;

function capture(secrets: string[] = []) {
  const { logger, lines } = capturingLogger({ secrets });
  return { logger, output: () => lines.join(''), records: () => lines.map((line) => JSON.parse(line)) };
}

const requestData = {
  body: { type: 4, data: { content: USER_TEXT, embeds: [{ description: USER_TEXT }] } },
  files: undefined,
};

describe('log hygiene', () => {
  it('logs a failed REST call by type, status, method and masked URL, without the request body', () => {
    const { logger, output, records } = capture();
    const error = new DiscordAPIError(
      { code: 50035, message: 'Invalid Form Body' },
      50035,
      400,
      'POST',
      CALLBACK_URL,
      requestData,
    );
    logger.error({ command: '/note', err: error }, 'interaction failed');
    const text = output();
    expect(text).not.toContain(INTERACTION_TOKEN);
    expect(text).not.toContain(USER_TEXT);
    const [record] = records();
    expect(record.msg).toBe('interaction failed');
    expect(record.command).toBe('/note');
    expect(record.err).toMatchObject({
      type: 'DiscordAPIError[50035]',
      message: 'Invalid Form Body',
      status: 400,
      method: 'POST',
      url: 'https://discord.com/api/v10/interactions/123456789012345678/[redacted]/callback',
    });
  });

  it('masks an error given alone, its message, its stack and its cause', () => {
    const { logger, output, records } = capture();
    const cause = new HTTPError(500, 'Internal Server Error', 'PATCH', CALLBACK_URL, requestData);
    logger.error(new Error(`reply to ${CALLBACK_URL} failed`, { cause }));
    logger.warn({ error: cause }, 'under another key');
    const text = output();
    expect(text).not.toContain(INTERACTION_TOKEN);
    expect(text).not.toContain(USER_TEXT);
    const [alone, other] = records();
    expect(alone.msg).toContain('/interactions/123456789012345678/[redacted]/callback failed');
    expect(alone.err.cause).toMatchObject({ type: 'HTTPError', status: 500 });
    expect(other.error).toMatchObject({ type: 'HTTPError', method: 'PATCH' });
  });

  it('censors credentials at any depth and in any header spelling', () => {
    const { logger, output } = capture();
    logger.info(
      {
        request: { headers: { Authorization: `Bot ${BOT_TOKEN}`, 'X-Webhook-Token': INTERACTION_TOKEN } },
        deep: { a: { b: { c: { discordToken: BOT_TOKEN, DISCORD_TOKEN: BOT_TOKEN } } } },
        list: [{ 'proxy-authorization': 'Basic dXNlcjpwYXNz' }],
      },
      'nested',
    );
    logger.info({ note: `header was Bot ${BOT_TOKEN}` }, 'value outside a known key');
    logger.info('formatted %s', `https://discord.com/api/webhooks/1/${INTERACTION_TOKEN}/messages/@original`);
    const text = output();
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain(INTERACTION_TOKEN);
    expect(text).not.toContain('dXNlcjpwYXNz');
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(7);
  });

  it('censors a token held by a class instance or behind a cycle', () => {
    const { logger, output } = capture();
    class FakeInteraction {
      id = '123456789012345678';
      token = INTERACTION_TOKEN;
      toJSON() {
        return { id: this.id, token: this.token };
      }
    }
    class Session {
      title = 'Week 1';
      webhookToken = INTERACTION_TOKEN;
      self: unknown = this;
    }
    logger.info({ interaction: new FakeInteraction(), session: new Session() }, 'objects');
    const text = output();
    expect(text).not.toContain(INTERACTION_TOKEN);
    expect(text).toContain('"title":"Week 1"');
    expect(text).toContain('[circular]');
  });

  it('masks a configured secret that has no recognisable shape', () => {
    const { logger, output } = capture(['hunter2-shaped-like-nothing']);
    logger.info({ line: 'set to hunter2-shaped-like-nothing' }, 'plain');
    expect(output()).not.toContain('hunter2-shaped-like-nothing');
  });

  it('leaves ordinary text, ids and URLs alone', () => {
    expect(maskSecrets('/channels/123/messages and https://example.com/a.b.c')).toBe(
      '/channels/123/messages and https://example.com/a.b.c',
    );
    expect(maskSecrets('the Bot said hi, Bearer of news')).toBe('the Bot said hi, Bearer of news');
    expect(maskSecrets('see https://example.com:8080/a and postgres://db/lectern')).toBe(
      'see https://example.com:8080/a and postgres://db/lectern',
    );
  });

  it('masks the password of a connection URL, and only the password', () => {
    expect(maskSecrets('postgres://lectern:pa55@db.internal:5432/lectern')).toBe(
      'postgres://lectern:[redacted]@db.internal:5432/lectern',
    );
    // A password holding an @, and one with no user before it.
    expect(maskSecrets('connect postgres://lectern:p@ss@db.internal/x failed')).toBe(
      'connect postgres://lectern:[redacted]@db.internal/x failed',
    );
    expect(maskSecrets('postgres://:hunter2@db/x')).toBe('postgres://:[redacted]@db/x');
  });

  it('never shows a DATABASE_URL password given as a parameter: not in the location, not in a log line', () => {
    const url = 'postgresql://lectern@db.internal/x?password=hunter2&sslmode=require';
    expect(withoutPassword(url)).not.toContain('hunter2');
    expect(withoutPassword(url)).toContain('sslmode=require');
    const { logger, output } = capture(secretsOfDatabaseUrl(url));
    logger.error({ err: new Error(`password authentication failed for hunter2`) }, 'database');
    expect(output()).not.toContain('hunter2');
  });
});
