/**
 * Finding (issue 12, defect 8): every rejected request logged a warning line, 8,783 lines in
 * one probe, so a flood of forged deliveries could fill the disk. Rejections are now counted
 * per reason and summarised once per interval.
 */
import { describe, expect, it } from 'vitest';
import { RejectionLog, type RejectionClock } from '../../src/receiver/rejection-log';
import { captureLog } from '../support/log-lines';

/** A clock the test moves by hand; timers fire when it passes them. */
function manualClock(): RejectionClock & { advance(ms: number): void } {
  let nowMs = 1_000_000;
  let timers: Array<{ at: number; fire: () => void }> = [];
  return {
    now: () => nowMs,
    after(ms, fire) {
      const timer = { at: nowMs + ms, fire };
      timers.push(timer);
      return { cancel: () => (timers = timers.filter((t) => t !== timer)) };
    },
    advance(ms) {
      nowMs += ms;
      const due = timers.filter((t) => t.at <= nowMs);
      timers = timers.filter((t) => t.at > nowMs);
      for (const timer of due) timer.fire();
    },
  };
}

const forged = { reason: 'signature_mismatch', status: 401, ip: '203.0.113.9' };

describe('the rejection log', () => {
  it('logs 1,000 forged deliveries in one interval as two lines: the first, then the count', () => {
    const clock = manualClock();
    const log = captureLog();
    const rejections = new RejectionLog(log.logger, 60_000, clock);
    for (let i = 0; i < 1000; i += 1) rejections.record(forged);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ msg: 'rejected delivery', ...forged });

    clock.advance(60_000);
    expect(log.lines).toHaveLength(2);
    expect(log.lines[1]).toMatchObject({
      msg: 'rejected deliveries',
      counts: { signature_mismatch: 1000 },
      total: 1000,
      overMs: 60_000,
    });
  });

  it('counts each reason apart and logs the first of each at once', () => {
    const clock = manualClock();
    const log = captureLog();
    const rejections = new RejectionLog(log.logger, 60_000, clock);
    for (let i = 0; i < 300; i += 1) {
      rejections.record(forged);
      rejections.record({ reason: 'missing_signature', status: 401, ip: undefined });
      if (i % 3 === 0) rejections.record({ reason: 'body_too_large', status: 413, ip: undefined });
    }
    clock.advance(60_000);
    expect(log.lines.map((line) => line.reason ?? line.counts)).toEqual([
      'signature_mismatch',
      'missing_signature',
      'body_too_large',
      { body_too_large: 100, missing_signature: 300, signature_mismatch: 300 },
    ]);
  });

  it('starts afresh after an interval, so a flood writes a bounded number of lines per interval', () => {
    const clock = manualClock();
    const log = captureLog();
    const rejections = new RejectionLog(log.logger, 60_000, clock);
    for (let minute = 0; minute < 10; minute += 1) {
      for (let i = 0; i < 500; i += 1) rejections.record(forged);
      clock.advance(60_000);
    }
    expect(log.lines).toHaveLength(20);
    const summaries = log.lines.filter((line) => line.msg === 'rejected deliveries');
    expect(summaries.map((line) => line.total)).toEqual(Array(10).fill(500));
  });

  it('writes no summary for a lone rejection, already logged in full', () => {
    const clock = manualClock();
    const log = captureLog();
    const rejections = new RejectionLog(log.logger, 60_000, clock);
    rejections.record(forged);
    clock.advance(60_000);
    rejections.flush();
    expect(log.lines.map((line) => line.msg)).toEqual(['rejected delivery']);
  });

  it('writes what it counted when flushed early (the receiver closing)', () => {
    const clock = manualClock();
    const log = captureLog();
    const rejections = new RejectionLog(log.logger, 60_000, clock);
    for (let i = 0; i < 7; i += 1) rejections.record(forged);
    clock.advance(1500);
    rejections.flush();
    clock.advance(60_000);
    expect(log.lines.at(-1)).toMatchObject({ counts: { signature_mismatch: 7 }, overMs: 1500 });
    expect(log.lines).toHaveLength(2);
  });
});
