import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const TOKEN = `MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.${'x'.repeat(6)}.${'y'.repeat(38)}`;

describe('config', () => {
  it('accepts an empty environment: local mode with defaults', () => {
    const config = loadConfig({});
    expect(config.discordToken).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.timeZone).toBe('UTC');
    expect(config.databasePath).toMatch(/data\/state\/lectern\.sqlite$/);
  });

  it('treats blank values copied from .env.example as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ' }).discordGuildId).toBeUndefined();
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({
        DISCORD_GUILD_ID: 'abc',
        LOG_LEVEL: 'loud',
        TIME_ZONE: 'Mars/Olympus',
        DISCORD_API_URL: 'ftp://x',
      });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['DISCORD_GUILD_ID', 'LOG_LEVEL', 'TIME_ZONE', 'DISCORD_API_URL'])
        expect(message).toContain(name);
    }
  });

  it('strips a trailing slash from the API URL', () => {
    expect(loadConfig({ DISCORD_API_URL: 'http://127.0.0.1:5000/api/' }).discordApiUrl).toBe(
      'http://127.0.0.1:5000/api',
    );
  });
});

describe('logger', () => {
  it('never prints the token', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    const config = loadConfig({ DISCORD_TOKEN: TOKEN });
    logger.info({ config }, 'starting');
    logger.info({ token: TOKEN, headers: { authorization: `Bot ${TOKEN}` } }, 'request');
    logger.info({ DISCORD_TOKEN: TOKEN }, 'env');
    const output = lines.join('');
    expect(output).toContain('starting');
    expect(output).not.toContain(TOKEN);
    expect(output).toContain('[redacted]');
  });
});
