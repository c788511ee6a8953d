import { z } from 'zod';
import { method } from './define';
import { Empty, PortOrAny } from './common';

export const ThemeSchema = z.enum(['system', 'light', 'dark']);

export const NotificationPrefsSchema = z.object({
  deploySucceeded: z.boolean(),
  deployFailed: z.boolean(),
  updateAvailable: z.boolean(),
  instanceDied: z.boolean(),
  gitPush: z.boolean(),
  logRule: z.boolean(),
});

/** Senders whose unsigned deliveries may be accepted once a signing secret is set (`registry` = a Distribution registry). */
export const UnsignedVendorSchema = z.enum(['github', 'gitea', 'gitlab', 'standard', 'registry', 'harbor', 'generic', 'dockerhub', 'quay']);
export type UnsignedVendor = z.infer<typeof UnsignedVendorSchema>;

/** `host` or `host:port` as images name it (`[::1]:5000` for IPv6). */
const RegistryHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/, 'a registry host such as "localhost:5000", "ghcr.io" or "[::1]:5000" (no scheme, no path)');

export const SettingsSchema = z.object({
  webhookPort: PortOrAny.describe('port of the inbound webhook listener; 0 picks a free one on first start and keeps it'),
  webhookHost: z.string().min(1).describe('bind address of the listener; 127.0.0.1 unless you mean to expose it'),
  autoCreate: z.boolean().describe('create a project when a webhook names an unknown repository'),
  acceptUnsigned: z
    .array(UnsignedVendorSchema)
    .describe('senders whose unsigned deliveries are still accepted once any signing secret is set (Docker Hub and Quay cannot sign); empty by default'),
  autoCreateRegistries: z
    .array(RegistryHost)
    .max(100)
    .describe('registries whose images an unsigned delivery may auto-create a project for (a host without a port matches any port); registries saved in Settings → Registries are trusted too'),
  webhookMaxConnections: z.number().int().min(1).max(65_535).describe('open connections the webhook listener accepts at once; beyond it new ones are closed at once'),
  pollSchedule: z.string().min(1).describe('cron expression for registry polling'),
  pollPaused: z.boolean(),
  minImageAgeSeconds: z.number().int().min(0).max(7 * 24 * 3600).describe('wait this long after an image appears before auto-deploying it'),
  dockerHost: z.string().nullable().describe('Docker endpoint (unix:///path or tcp://host:port); null uses DOCKER_HOST or the default socket'),
  allowedVolumeRoots: z.array(z.string()).describe('host directories that `absolute` volumes may live under'),
  maxUploadBytes: z.number().int().min(1).max(2 ** 50).describe('largest file the volume browser accepts in one upload (bytes; default 1 GiB)'),
  drainMs: z.number().int().min(0).max(600_000).describe('how long an old instance keeps finishing in-flight requests after a switch'),
  theme: ThemeSchema,
  notifications: NotificationPrefsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const defaultSettings: Settings = {
  webhookPort: 0,
  webhookHost: '127.0.0.1',
  autoCreate: true,
  acceptUnsigned: [],
  autoCreateRegistries: ['localhost', '127.0.0.1', '[::1]'],
  webhookMaxConnections: 256,
  pollSchedule: '*/5 * * * *',
  pollPaused: false,
  minImageAgeSeconds: 0,
  dockerHost: null,
  allowedVolumeRoots: [],
  maxUploadBytes: 1024 ** 3,
  drainMs: 5000,
  theme: 'system',
  notifications: {
    deploySucceeded: true,
    deployFailed: true,
    updateAvailable: true,
    instanceDied: true,
    gitPush: true,
    logRule: true,
  },
};

export const SettingsPatchSchema = SettingsSchema.omit({ notifications: true })
  .partial()
  .extend({ notifications: NotificationPrefsSchema.partial().optional() })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const WebhookInfoSchema = z.object({
  url: z.string().describe('the secret URL to give to CI, registries and forges'),
  host: z.string(),
  port: z.number().int(),
  listening: z.boolean(),
});
export type WebhookInfo = z.infer<typeof WebhookInfoSchema>;

export const settingsMethods = {
  'settings.get': method(Empty, SettingsSchema, 'All settings.'),
  'settings.update': method(SettingsPatchSchema, SettingsSchema, 'Change some settings; answers with all of them.'),
  'webhook.info': method(Empty, WebhookInfoSchema, 'The inbound webhook URL (contains the secret).'),
  'webhook.regenerate': method(Empty, WebhookInfoSchema, 'Make a new secret; the old URL stops working at once.'),
} as const;
