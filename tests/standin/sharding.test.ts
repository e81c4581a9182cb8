import { Client, GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { isShardProcess, servesGuild, shardOfGuild } from '../../src/discord/sharding.js';

describe('SHARDS', () => {
  it('is absent by default, and reads auto or a number of shards', () => {
    expect(loadConfig({}).shards).toBeUndefined();
    expect(loadConfig({ SHARDS: '' }).shards).toBeUndefined();
    expect(loadConfig({ SHARDS: 'auto' }).shards).toBe('auto');
    expect(loadConfig({ SHARDS: ' AUTO ' }).shards).toBe('auto');
    expect(loadConfig({ SHARDS: '4' }).shards).toBe(4);
  });

  it('refuses anything else, naming the variable', () => {
    for (const value of ['0', '-1', '2.5', 'two', '1e3', '100000']) {
      expect(() => loadConfig({ SHARDS: value }), value).toThrow(ConfigError);
      expect(() => loadConfig({ SHARDS: value }), value).toThrow(/SHARDS: must be auto or a number/);
    }
  });

  it('in a process a ShardingManager started, leaves SHARDS (discord.js’s shard ids there) alone', () => {
    const shardEnv = { SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' };
    expect(isShardProcess(shardEnv)).toBe(true);
    expect(isShardProcess({})).toBe(false);
    expect(loadConfig(shardEnv).shards).toBeUndefined();
  });
});

describe('which shard serves a guild', () => {
  it('is (guild_id >> 22) % shard count, as Discord routes it', () => {
    // 41771983423143937 is Discord's own example snowflake: timestamp 1420070400000 + 9959219470 ms.
    const guildId = '41771983423143937';
    expect(shardOfGuild(guildId, 1)).toBe(0);
    expect(shardOfGuild(guildId, 2)).toBe(Number((41771983423143937n >> 22n) % 2n));
    expect(shardOfGuild(guildId, 7)).toBe(Number((41771983423143937n >> 22n) % 7n));
  });

  it('a client serves every guild unless it runs only some of several shards', () => {
    const client = (options: { shards?: number[]; shardCount?: number }) =>
      new Client({ intents: [GatewayIntentBits.Guilds], ...options });
    const guildId = '41771983423143937';
    const shard = shardOfGuild(guildId, 2);
    expect(servesGuild(client({}), guildId)).toBe(true);
    expect(servesGuild(client({ shards: [shard], shardCount: 2 }), guildId)).toBe(true);
    expect(servesGuild(client({ shards: [1 - shard], shardCount: 2 }), guildId)).toBe(false);
    expect(servesGuild(client({ shards: [0, 1], shardCount: 2 }), guildId)).toBe(true);
  });
});
