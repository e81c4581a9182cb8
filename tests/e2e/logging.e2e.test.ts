import { describe, expect, it } from 'vitest';
import { option, useHarness } from './harness.js';
import { until } from './until.js';

const harness = useHarness();

const USER_TEXT = 'zebra quartz marmalade';

describe('a failed reply in the log', () => {
  it('names the command and the error, and carries neither the interaction token nor what the user typed', async () => {
    const { standin, logs } = harness;
    const faults = 8;
    standin.failNext(/^(POST \/interactions|PATCH \/webhooks)\//, 500, faults);
    const record = standin.command('quote', [option('text', USER_TEXT)]);
    record.response.catch(() => undefined);
    const token = (record.payload as { token: string }).token;
    await until(() => standin.requests.filter((request) => request.status === 500).length >= faults);
    const failure = await until(() =>
      logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'interaction failed'),
    );
    const reported = await until(() =>
      logs
        .map((line) => JSON.parse(line))
        .find((line) => line.msg === 'could not report the failure to the user'),
    );
    const output = logs.join('');
    expect(output).not.toContain(token);
    expect(output).not.toContain(USER_TEXT);
    for (const line of [failure, reported]) {
      expect(line.command).toMatch(/quote/);
      expect(line.err).toMatchObject({ type: 'HTTPError', status: 500, method: 'POST' });
      expect(line.err.url).toMatch(/\/interactions\/\d+\/\[redacted\]\/callback/);
    }
    expect(standin.requests.filter((request) => request.status === 500)).toHaveLength(faults);
  });
});

describe('a 401 on an interaction token', () => {
  it('is not taken for a revoked bot token: no fatal line', async () => {
    const { standin, logs } = harness;
    const before = logs.length;
    standin.failNext(/^POST \/interactions\//, 401, 2);
    const record = standin.command('help');
    record.response.catch(() => undefined);
    await until(() => logs.slice(before).some((line) => line.includes('could not report the failure')));
    const levels = logs.slice(before).map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels).toContain(50);
    expect(levels).not.toContain(60);
  });
});
