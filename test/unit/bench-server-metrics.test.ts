/** bench:cost reads the dev server's request counters: per operation, over every label set. */
import { describe, expect, it } from 'vitest';
import { parseRequests, writesBetween } from '../../bench/cost/server-metrics';

const metrics = (updates: number, closes: number) =>
  [
    '# TYPE persistence_requests counter',
    `persistence_requests{namespace="default",operation="UpdateWorkflowExecution",service_name="history"} ${updates}`,
    'persistence_requests{namespace="system",operation="UpdateWorkflowExecution",service_name="history"} 2',
    'persistence_requests{namespace="default",operation="GetWorkflowExecution",service_name="history"} 7',
    `visibility_persistence_requests{operation="RecordWorkflowExecutionClosed",service_name="history",visibility_plugin_name="sqlite"} ${closes}`,
    'visibility_persistence_requests{operation="CountWorkflowExecutions",service_name="frontend",visibility_plugin_name="sqlite"} 40',
  ].join('\n');

describe("the dev server's request counters", () => {
  it('sums each counter per operation, keeping the two stores apart', () => {
    const persistence = parseRequests(metrics(10, 3), 'persistence_requests');
    expect(persistence.byOperation.get('UpdateWorkflowExecution')).toBe(12);
    expect(persistence.total).toBe(19);
    const visibility = parseRequests(metrics(10, 3), 'visibility_persistence_requests');
    expect(visibility.byOperation.get('RecordWorkflowExecutionClosed')).toBe(3);
    expect(visibility.byOperation.has('UpdateWorkflowExecution')).toBe(false);
  });

  it('counts the writes between two readings, reads left out', () => {
    const [before, after] = [metrics(10, 3), metrics(25, 8)].map((text) =>
      parseRequests(text, 'visibility_persistence_requests'),
    );
    expect(writesBetween(before!, after!, ['RecordWorkflowExecutionClosed'])).toBe(5);
    const [pBefore, pAfter] = [metrics(10, 3), metrics(25, 8)].map((text) =>
      parseRequests(text, 'persistence_requests'),
    );
    expect(writesBetween(pBefore!, pAfter!)).toBe(15);
  });
});
