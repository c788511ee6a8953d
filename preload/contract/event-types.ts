/**
 * Event types that outbound hooks, notifications and the tray react to. Producers emit
 * exactly these strings; other event types are log lines only.
 */
export const notableEventTypes = [
  'deploy.started',
  'deploy.succeeded',
  'deploy.failed',
  'stage.rolled-back',
  'stage.promoted',
  'update.available',
  'instance.died',
  'log-rule.fired',
  'git.push',
] as const;
export type NotableEventType = (typeof notableEventTypes)[number];
