import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig, PROJECT_ROOT } from '../src/config.js';
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

  it('takes plain http for the API URL only on loopback, where the token never leaves the machine', () => {
    for (const url of [
      'https://discord.com/api',
      'https://proxy.example.org:8443/api',
      'http://127.0.0.1:5000/api',
      'http://127.5.6.7/api',
      'http://localhost:8080/api',
      'http://[::1]:8080/api',
    ]) {
      expect(loadConfig({ DISCORD_API_URL: url }).discordApiUrl, url).toBe(url);
    }
    for (const url of [
      'http://discord.com/api',
      'http://192.168.1.10:8080/api',
      'http://127.0.0.1.example.org/api',
      'http://localhost.example.org/api',
      'http://[::2]/api',
    ]) {
      expect(() => loadConfig({ DISCORD_API_URL: url }), url).toThrow(/DISCORD_API_URL: must use https/);
    }
  });

  it('reads STRICT_DATA as a boolean, strict unless set false', () => {
    expect(loadConfig({}).strictData).toBe(true);
    expect(loadConfig({ STRICT_DATA: '' }).strictData).toBe(true);
    expect(loadConfig({ STRICT_DATA: 'false' }).strictData).toBe(false);
    expect(loadConfig({ STRICT_DATA: ' False ' }).strictData).toBe(false);
    expect(loadConfig({ STRICT_DATA: '0' }).strictData).toBe(false);
    expect(loadConfig({ STRICT_DATA: 'true' }).strictData).toBe(true);
    expect(() => loadConfig({ STRICT_DATA: 'maybe' })).toThrow(/STRICT_DATA: must be true or false/);
  });

  it('has every variable documented in .env.example, and nothing else', () => {
    const example = readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
    expect(CONFIG_VARIABLES).toContain('STRICT_DATA');
  });

  it('takes a postgres:// DATABASE_URL and refuses any other kind, naming the variable', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://lectern:pw@db.internal:5432/lectern' }).databaseUrl).toBe(
      'postgres://lectern:pw@db.internal:5432/lectern',
    );
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/lectern' }).databaseUrl).toBe(
      'postgresql://db/lectern',
    );
    for (const wrong of ['mysql://db/lectern', 'db.internal:5432', 'sqlite:///tmp/x']) {
      expect(() => loadConfig({ DATABASE_URL: wrong })).toThrow(/DATABASE_URL/);
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
    const withDatabase = loadConfig({ DATABASE_URL: 'postgres://lectern:s3cret-pw@db.internal/lectern' });
    logger.info({ config: withDatabase }, 'database');
    logger.error(
      { err: new Error('connect to postgres://lectern:s3cret-pw@db.internal/lectern failed') },
      'fail',
    );
    const output = lines.join('');
    expect(output).not.toContain('s3cret-pw');
    expect(output).toContain('starting');
    expect(output).not.toContain(TOKEN);
    expect(output).toContain('[redacted]');
  });
});
