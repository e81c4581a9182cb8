import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { restartDelayMs } from '../../src/http/cluster.js';

const TOKEN = `MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.${'x'.repeat(6)}.${'y'.repeat(38)}`;
const KEY = 'A'.repeat(64);

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
};

describe('HTTP interactions mode configuration', () => {
  it('is off (gateway mode) unless both the public key and the port are set', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).interactions).toBeUndefined();
    expect(
      loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: '', INTERACTIONS_PORT: '' }).interactions,
    ).toBe(undefined);
  });

  it('reads the key (lower-cased), the port, the host and the worker count, with defaults', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: KEY, INTERACTIONS_PORT: '8080' });
    expect(config.interactions).toEqual({
      publicKey: 'a'.repeat(64),
      port: 8080,
      host: '0.0.0.0',
      workers: 1,
    });
    const custom = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_PUBLIC_KEY: KEY,
      INTERACTIONS_PORT: '3000',
      INTERACTIONS_HOST: '127.0.0.1',
      WORKERS: '4',
    });
    expect(custom.interactions).toMatchObject({ host: '127.0.0.1', workers: 4 });
  });

  it('names each bad value: a key that is not 64 hex characters, a port or worker count out of range', () => {
    const problems = problemsOf({
      DISCORD_TOKEN: TOKEN,
      DISCORD_PUBLIC_KEY: 'g'.repeat(64),
      INTERACTIONS_PORT: '70000',
      WORKERS: '0',
    });
    expect(problems).toContain('DISCORD_PUBLIC_KEY: must be the application public key');
    expect(problems).toContain('INTERACTIONS_PORT');
    expect(problems).toContain('WORKERS');
    expect(
      problemsOf({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: KEY.slice(1), INTERACTIONS_PORT: '1' }),
    ).toContain('DISCORD_PUBLIC_KEY');
  });

  it('refuses half a setup: the key without the port, the port without the key, either without a token', () => {
    expect(problemsOf({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: KEY })).toContain(
      'INTERACTIONS_PORT: must be set with DISCORD_PUBLIC_KEY',
    );
    expect(problemsOf({ DISCORD_TOKEN: TOKEN, INTERACTIONS_PORT: '8080' })).toContain(
      'DISCORD_PUBLIC_KEY: must be set with INTERACTIONS_PORT',
    );
    expect(problemsOf({ DISCORD_PUBLIC_KEY: KEY, INTERACTIONS_PORT: '8080' })).toContain('DISCORD_TOKEN');
  });

  it('refuses gateway shards with HTTP mode, which has no gateway connection to shard', () => {
    const both = { DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: KEY, INTERACTIONS_PORT: '8080', SHARDS: '2' };
    expect(problemsOf(both)).toContain('SHARDS: gateway shards do not apply in HTTP interactions mode');
    expect(problemsOf({ DISCORD_TOKEN: TOKEN, SHARDS: '2' })).toBe('');
  });
});

describe('worker restarts', () => {
  it('back off by doubling from a quarter second after each quick crash, to at most 30 s', () => {
    expect([1, 2, 3, 4].map(restartDelayMs)).toEqual([250, 500, 1000, 2000]);
    expect(restartDelayMs(30)).toBe(30_000);
  });
});
