import { z } from 'zod';
import { method } from './define';
import { Id, Ok, Timestamp, ByDelivery, ById } from './common';
import { DeliveryListSchema, HookDeliverySchema, deliveryPage } from './hooks';

/** Services a channel can talk to; the URL's scheme names the kind (shoutrrr style). */
export const channelKinds = ['matrix', 'ntfy', 'gotify', 'slack', 'discord', 'telegram', 'smtp'] as const;
export const ChannelKindSchema = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/** One example URL per kind (shoutrrr formats), for forms and error messages. */
export const channelUrlExamples: Readonly<Record<ChannelKind, string>> = {
  matrix: 'matrix://:ACCESS_TOKEN@matrix.example.org/?rooms=!roomid:example.org',
  ntfy: 'ntfy://ntfy.sh/my-topic',
  gotify: 'gotify://gotify.example.org/APP_TOKEN',
  slack: 'slack://hook:T000-B000-XXXX@webhook',
  discord: 'discord://TOKEN@WEBHOOK_ID',
  telegram: 'telegram://BOT_TOKEN@telegram?chats=@channel',
  smtp: 'smtp://user:password@smtp.example.org:587/?from=slipway@example.org&to=me@example.org',
};

/** Event types a channel can subscribe to. */
export const channelEventTypes = [
  'deploy.succeeded',
  'deploy.failed',
  'update.available',
  'instance.died',
  'log-rule.fired',
  'git.push',
  'hook.disabled',
] as const;
export const ChannelEventTypeSchema = z.enum(channelEventTypes);
export type ChannelEventType = z.infer<typeof ChannelEventTypeSchema>;

const ChannelUrl = z
  .string()
  .trim()
  .min(1, 'enter the channel URL, e.g. ntfy://ntfy.sh/my-topic')
  .max(4000)
  .describe('shoutrrr-style URL: matrix://, ntfy://, gotify://, slack://, discord://, telegram://, smtp://; sealed at rest, never shown again');

const ChannelEvents = z
  .array(ChannelEventTypeSchema)
  .min(1)
  .nullable()
  .describe('event types to send; null = all of them');

const ChannelName = z.string().trim().min(1).max(100);

export const ChannelSchema = z.object({
  /** Also the id of its outbox target: deliveries and `hooks.delivery` pushes carry it as hookId. */
  id: Id,
  kind: ChannelKindSchema,
  name: z.string(),
  /** The URL with its secrets (passwords, tokens) replaced by "***". */
  url: z.string(),
  events: ChannelEvents,
  /** null = every project. */
  projectId: Id.nullable(),
  enabled: z.boolean(),
  /** Why Slipway turned the channel off (null when enabled or turned off by the user). */
  disabledReason: z.string().nullable(),
  failingSince: Timestamp.nullable(),
  pendingDeliveries: z.number().int().nonnegative(),
  createdAt: Timestamp,
});
export type Channel = z.infer<typeof ChannelSchema>;

export const ChannelTestResultSchema = z.object({
  ok: z.boolean(),
  /** HTTP status, or the SMTP reply code for email; null when nothing answered. */
  status: z.number().int().nullable(),
  /** What the server answered (first 1 KiB), or why nothing did. */
  answer: z.string().nullable(),
  error: z.string().nullable(),
  delivery: HookDeliverySchema,
});
export type ChannelTestResult = z.infer<typeof ChannelTestResultSchema>;

export const channelMethods = {
  'channels.create': method(
    z
      .object({ url: ChannelUrl, name: ChannelName.optional(), events: ChannelEvents.optional(), projectId: Id.nullable().optional() })
      .strict(),
    ChannelSchema,
    'Add a notification channel (Matrix, ntfy, Gotify, Slack, Discord, Telegram, email) from its URL.',
  ),
  'channels.list': method(z.object({}).strict(), z.object({ channels: z.array(ChannelSchema) }), 'Notification channels (URLs redacted).'),
  'channels.update': method(
    z
      .object({
        id: Id,
        url: ChannelUrl.optional(),
        name: ChannelName.optional(),
        events: ChannelEvents.optional(),
        projectId: Id.nullable().optional(),
        enabled: z.boolean().optional(),
      })
      .strict(),
    ChannelSchema,
    'Change a channel; re-enabling resumes its pending messages.',
  ),
  'channels.test': method(ById, ChannelTestResultSchema, "Send a test message now and answer with the server's reply (also kept in the delivery log)."),
  'channels.remove': method(ById, Ok, 'Delete a channel and its delivery log.'),
  'channels.deliveries': method(
    z.object({ channelId: Id, ...deliveryPage }).strict(),
    DeliveryListSchema,
    "A channel's messages, newest first, each with its attempts.",
  ),
  'channels.redeliver': method(ByDelivery, HookDeliverySchema, 'Send a channel message again now; the attempt is added to its log.'),
} as const;
