import { z } from 'zod';
import { method } from './define';
import { Id, ImageTag, Timestamp, ById, ByStage } from './common';
import { StageSchema, SwarmTaskSchema } from './projects';

export const DeployTriggerSchema = z.enum(['webhook', 'poll', 'manual', 'promote', 'rollback', 'reconcile', 'schedule']);
export type DeployTrigger = z.infer<typeof DeployTriggerSchema>;

/**
 * queued → pulling → starting → checking → switching → succeeded, or failed (the old instance
 * still live). `superseded`: a newer deploy for the stage was queued first; `skipped`: the digest
 * was already live.
 */
export const DeployStatusSchema = z.enum(['queued', 'pulling', 'starting', 'checking', 'switching', 'succeeded', 'failed', 'superseded', 'skipped']);
export type DeployStatus = z.infer<typeof DeployStatusSchema>;

/** The steps a deploy goes through, in order; each one's end is a durable marker a restart resumes from. */
export const deploySteps = ['pull', 'create', 'start', 'health', 'switch', 'drain', 'cleanup'] as const;
export const DeployStepNameSchema = z.enum(deploySteps);
export type DeployStepName = z.infer<typeof DeployStepNameSchema>;

export const DeployStepSchema = z.object({
  name: DeployStepNameSchema,
  status: z.enum(['running', 'done', 'failed', 'skipped']),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  detail: z.string().nullable().describe('e.g. "image already present", "healthy after 14 probes (GET /health → 200)"'),
});
export type DeployStep = z.infer<typeof DeployStepSchema>;

export const DeploySchema = z.object({
  id: Id,
  projectId: Id,
  stageId: Id,
  tag: z.string(),
  digest: z.string().nullable().describe('known once the image is resolved; set from the start for promote and rollback'),
  trigger: DeployTriggerSchema,
  reason: z.string().nullable().describe('why it was asked for (delivery, poll, "promoted from staging")'),
  status: DeployStatusSchema,
  error: z.string().nullable().describe('why it failed, in words a user can act on'),
  note: z.string().nullable().describe('why it was skipped or superseded'),
  steps: z.array(DeployStepSchema),
  instanceId: Id.nullable(),
  previousInstanceId: Id.nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  durationMs: z.number().int().nullable().describe('start of work to the end of the switch (drain and cleanup excluded)'),
});
export type Deploy = z.infer<typeof DeploySchema>;

/** Live progress of a running deploy for the UI's stepper; not kept. */
export const DeployProgressSchema = z.object({
  deployId: Id,
  stageId: Id,
  step: DeployStepNameSchema,
  status: z.enum(['running', 'done', 'failed', 'skipped']),
  detail: z.string().nullable(),
  pull: z
    .object({
      layers: z.array(z.object({ id: z.string(), status: z.string(), current: z.number(), total: z.number() })),
      current: z.number().describe('bytes downloaded over all layers'),
      total: z.number(),
    })
    .nullable(),
  health: z.object({ attempts: z.number().int(), last: z.string().nullable(), elapsedMs: z.number().int() }).nullable(),
  rollout: z
    .object({
      updated: z.number().int().describe('tasks running (healthy) on the new digest'),
      total: z.number().int().describe('replicas'),
      tasks: z.array(SwarmTaskSchema),
    })
    .nullable()
    .optional()
    .describe("Swarm stages: the rolling update's progress through the service's tasks"),
});
export type DeployProgress = z.infer<typeof DeployProgressSchema>;

const Wait = z.boolean().default(false).describe('answer only when the deploy has finished');

export const deployMethods = {
  'stages.deploy': method(
    z
      .object({
        stageId: Id,
        tag: ImageTag.optional().describe('image projects: the tag to deploy'),
        ref: z.string().min(1).max(200).optional().describe('static projects: a branch, a tag or a full commit sha (default: the branch)'),
        wait: Wait,
      })
      .strict(),
    DeploySchema,
    'Queue a deploy of a tag (image projects) or a git ref (static projects) on a stage. A tag whose digest is already live finishes as "skipped".',
  ),
  'stages.rollback': method(
    z
      .object({
        stageId: Id,
        instanceId: Id.optional().describe('image stages: roll back to this kept instance (see stages.instances) instead of the previous version'),
        wait: Wait,
      })
      .strict(),
    DeploySchema,
    'Put the previous successful digest live again, or the digest of a chosen kept instance: only a proxy switch while its instance is still warm (see warmRollbackSec), else its kept instance is started again.',
  ),
  'stages.promote': method(
    z.object({ stageId: Id, wait: Wait }).strict(),
    DeploySchema,
    "Deploy the upstream stage's live digest (not its tag, which may have moved) on this stage.",
  ),
  'stages.restart': method(
    z.object({ stageId: Id, wait: Wait }).strict(),
    DeploySchema,
    'Replace the live instance with a fresh container of the same digest, without downtime (also brings a stopped stage back).',
  ),
  'stages.stop': method(ByStage, StageSchema, 'Stop the live instance; the stable URL answers 503 until the next deploy or restart.'),
  'deploys.get': method(ById, DeploySchema, 'One deploy with its step timeline.'),
  'deploys.list': method(
    z
      .object({
        projectId: Id.optional(),
        stageId: Id.optional(),
        beforeId: Id.optional().describe('only deploys older than this one: the next page'),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ deploys: z.array(DeploySchema) }),
    'Deploys, newest first; page back with `beforeId`.',
  ),
} as const;
