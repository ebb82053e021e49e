import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_MAX_CACHED_WORKFLOWS,
  loadConfig,
  parseDurationMs,
} from '../../src/config';

const base = { PODIUM_WEBHOOK_SECRET: 's3cret' };

describe('configuration', () => {
  it('refuses to start without a secret, never failing open', () => {
    expect(() => loadConfig({})).toThrow(/PODIUM_WEBHOOK_SECRET is required/);
    expect(() => loadConfig({ PODIUM_WEBHOOK_SECRET: ' , ' })).toThrow(
      /PODIUM_WEBHOOK_SECRET is empty/,
    );
  });

  it('reads a comma-separated list of secrets for rotation', () => {
    expect(loadConfig({ PODIUM_WEBHOOK_SECRET: 'old, new' }).podium.secrets).toEqual([
      'old',
      'new',
    ]);
  });

  it('has the documented defaults', () => {
    const config = loadConfig(base);
    expect(config.http).toEqual({
      port: 3000,
      host: '0.0.0.0',
      maxBodyBytes: 1024 * 1024,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 10_000,
      maxBodiesInFlight: 64,
      rejectionLogIntervalMs: 60_000,
    });
    expect(config.worker).toEqual({ maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS });
    expect(config.podium.toleranceMs).toBe(300_000);
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.startTimeoutMs).toBe(2000);
    expect(config.handlers.retry).toEqual({
      maximumAttempts: 5,
      initialIntervalMs: 1000,
      maximumIntervalMs: 300_000,
      backoffCoefficient: 2,
    });
    expect(config.forwarding).toBeUndefined();
    expect(config.ordering.holdTimeoutMs).toBe(600_000);
    expect(config.ordering.holderCheckIntervalMs).toBe(60_000);
  });

  it('names every invalid setting at once', () => {
    let error: unknown;
    try {
      loadConfig({ ...base, PORT: 'eighty', SIGNATURE_TOLERANCE: 'soon' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/PORT/);
    expect((error as Error).message).toMatch(/SIGNATURE_TOLERANCE: "soon" is not a duration/);
  });

  it('passes a prebuilt workflow bundle path through', () => {
    expect(loadConfig(base).temporal.workflowBundlePath).toBeUndefined();
    expect(
      loadConfig({ ...base, TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js' }).temporal
        .workflowBundlePath,
    ).toBe('dist/workflow-bundle.js');
  });

  it('refuses a headers timeout longer than the request timeout, which Node would reject', () => {
    expect(() =>
      loadConfig({ ...base, HTTP_HEADERS_TIMEOUT: '20s', HTTP_REQUEST_TIMEOUT: '10s' }),
    ).toThrow(/HTTP_HEADERS_TIMEOUT must not exceed HTTP_REQUEST_TIMEOUT/);
    expect(() => loadConfig({ ...base, HTTP_HEADERS_TIMEOUT: '0s' })).toThrow(/positive/);
  });

  it('refuses a workflow cache of one, which the SDK does not run with', () => {
    expect(() => loadConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(
      /WORKER_MAX_CACHED_WORKFLOWS/,
    );
    expect(loadConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '40' }).worker).toEqual({
      maxCachedWorkflows: 40,
    });
  });

  it('refuses a start timeout at or above Podium’s 5 s delivery timeout', () => {
    expect(() => loadConfig({ ...base, TEMPORAL_START_TIMEOUT: '5s' })).toThrow(/under Podium/);
  });

  it('requires https for forwarding except to loopback or when allowed', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(() =>
      loadConfig({ ...base, FORWARD_URL: 'http://example.com/in', FORWARD_SECRET: secret }),
    ).toThrow(/https/);
    expect(
      loadConfig({ ...base, FORWARD_URL: 'http://127.0.0.1:9000/in', FORWARD_SECRET: secret })
        .forwarding?.url,
    ).toBe('http://127.0.0.1:9000/in');
    expect(
      loadConfig({
        ...base,
        FORWARD_URL: 'http://example.com/in',
        FORWARD_SECRET: secret,
        FORWARD_ALLOW_HTTP: 'true',
      }).forwarding?.allowHttp,
    ).toBe(true);
  });

  it('requires a Standard Webhooks key when forwarding', () => {
    expect(() => loadConfig({ ...base, FORWARD_URL: 'https://example.com/in' })).toThrow(
      /FORWARD_SECRET/,
    );
    expect(() =>
      loadConfig({ ...base, FORWARD_URL: 'https://example.com/in', FORWARD_SECRET: 'plain' }),
    ).toThrow(/whsec_/);
  });

  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['10m', 600_000],
    ['14d', 14 * 86_400_000],
    ['1500', 1500],
  ])('parses the duration %s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('rejects a duration it does not understand', () => {
    expect(parseDurationMs('ten minutes')).toBeUndefined();
  });
});
