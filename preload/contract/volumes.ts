import { z } from 'zod';
import { method } from './define';
import { Id, Ok, Timestamp, ByProject } from './common';
import { VolumeScopeSchema } from './projects';

/**
 * Which copy of a project's volume to open. `target` (the mount path in the container) names the
 * volume; `stage` volumes need `stageId`, `instance` and `ephemeral` ones need `instanceId`.
 * A compose stack's volume is named by `service` and that service's `target`. Project and named
 * volumes have a copy on each engine the project's stages run on: `engine` picks it.
 */
export const VolumeRefSchema = z
  .object({
    projectId: Id,
    target: z.string().min(1).max(500),
    stageId: Id.optional(),
    instanceId: Id.optional(),
    service: z.string().min(1).max(200).optional().describe("compose projects: the service whose mount at `target` to open (a volume of the stack's file)"),
    engine: z.string().min(1).max(63).optional().describe('project and named volumes: the engine whose copy to open (default "local"); see VolumePlace.engine'),
  })
  .strict();
export type VolumeRef = z.infer<typeof VolumeRefSchema>;

/** A path inside the volume, relative to its root, with "/" separators; "" is the root. */
export const VolumePathSchema = z.string().max(4096);

export const VolumePlaceSchema = z.object({
  label: z.string().describe('e.g. "shared by all stages", "prod", "prod · instance 12 (live)"'),
  stageId: Id.nullable(),
  instanceId: Id.nullable(),
  browsable: z.boolean(),
  reason: z.string().nullable().describe('why it cannot be opened, when not browsable'),
  engine: z.string().optional().describe('the engine this copy lives on ("local": this machine\'s engine or folders); pass it back as VolumeRef.engine'),
});
export type VolumePlace = z.infer<typeof VolumePlaceSchema>;

export const ProjectVolumeViewSchema = z.object({
  target: z.string(),
  scope: VolumeScopeSchema,
  source: z.string().nullable(),
  readOnly: z.boolean(),
  places: z.array(VolumePlaceSchema),
  service: z.string().optional().describe("compose projects: the service whose mount this is (pass it back as VolumeRef.service); absent for the project's own volumes"),
  services: z.array(z.string()).optional().describe('compose projects: every service that mounts this volume or folder'),
});
export type ProjectVolumeView = z.infer<typeof ProjectVolumeViewSchema>;

export const VolumeEntrySchema = z.object({
  name: z.string(),
  kind: z.enum(['file', 'dir', 'symlink', 'other']),
  size: z.number().int().nonnegative().nullable().describe('bytes; for a folder the total of what it holds (null when too large to count)'),
  mtime: Timestamp,
  linkTarget: z.string().nullable().describe('where a symlink points'),
});
export type VolumeEntry = z.infer<typeof VolumeEntrySchema>;

export const VolumeListingSchema = z.object({
  path: z.string(),
  entries: z.array(VolumeEntrySchema),
  truncated: z.boolean().describe('more entries exist than were listed'),
});
export type VolumeListing = z.infer<typeof VolumeListingSchema>;

export const VolumePreviewSchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  mtime: Timestamp,
  text: z.string().nullable().describe('the start of the file as UTF-8; null when it looks binary'),
  truncated: z.boolean(),
});
export type VolumePreview = z.infer<typeof VolumePreviewSchema>;

export const TransferEndpointSchema = z.object({
  baseUrl: z.string().describe('origin serving /api/raw/… transfer routes'),
  token: z.string(),
});
export type TransferEndpoint = z.infer<typeof TransferEndpointSchema>;

/** Raw routes (streamed, outside JSON calls); query parameters are the VolumeRef fields plus `path`. */
export const volumeRawPaths = {
  /** GET: download a file (a folder comes as .tar). PUT: upload the request body as this file. */
  file: '/api/raw/volumes/file',
} as const;

const At = z.object({ ref: VolumeRefSchema, path: VolumePathSchema }).strict();

export const volumeMethods = {
  'volumes.list': method(ByProject, z.object({ volumes: z.array(ProjectVolumeViewSchema) }), "A project's volumes and, for each, the copies that can be opened (per stage or instance where the scope says so)."),
  'volumes.browse': method(At, VolumeListingSchema, 'List a folder inside a volume: names, sizes and times.'),
  'volumes.preview': method(
    At.extend({ maxBytes: z.number().int().min(1).max(1_048_576).default(262_144) }).strict(),
    VolumePreviewSchema,
    'The start of a file inside a volume, as text.',
  ),
  'volumes.mkdir': method(At, Ok, 'Create a folder inside a volume.'),
  'volumes.delete': method(At, Ok, 'Delete a file or a folder (with everything in it) inside a volume.'),
  'system.transferEndpoint': method(
    z.object({}).strict(),
    TransferEndpointSchema,
    'Where the window sends and fetches files (downloads, uploads, log exports) that do not fit a call.',
  ),
  'system.downloadUrl': method(
    z
      .object({
        path: z.string().regex(/^\/api\/raw\/[a-z0-9/-]+$/, 'must be a download route such as /api/raw/volumes/file'),
        params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
      })
      .strict(),
    z.object({ url: z.string().describe('works once, for one minute, for exactly this download; carries no API token') }),
    'A short-lived, single-use link for one download (a volume file or folder, a log export).',
  ),
} as const;
