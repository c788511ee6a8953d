import type Docker from 'dockerode';
import type { LogLineTuple, LogPatternMatch, MethodArgs, MethodOutput } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { readContainerLog } from '../logs/container-follower';
import type { InstanceRepo } from '../store/instance-repo';
import type { StageRepo } from '../store/stage-repo';
import { compilePattern } from './pattern';

const KEEP = 200;
const STREAMS = ['stdout', 'stderr'] as const;

export interface RecentLines {
  readonly stage: string;
  readonly lines: readonly LogLineTuple[];
}

/** The lines of each source that match, as a rule with this pattern and stream would see them (pure). */
export function matchRecentLines(regex: RegExp, stream: 'any' | 'stdout' | 'stderr', sources: readonly RecentLines[], maxLineLength = 4096): MethodOutput<'logRules.test'> {
  const matches: LogPatternMatch[] = [];
  let linesRead = 0;
  let matched = 0;
  for (const source of sources) {
    for (const [ts, code, text] of source.lines) {
      linesRead++;
      const s = STREAMS[code];
      if (stream !== 'any' && stream !== s) continue;
      if (!regex.test(text.slice(0, maxLineLength))) continue;
      matched++;
      matches.push({ stage: source.stage, ts, stream: s, text });
    }
  }
  matches.sort((a, b) => a.ts - b.ts);
  return { linesRead, matched, matches: matches.slice(-KEEP) };
}

/** Runs a pattern over the recent output of a project's live containers, refusing what a rule would refuse. */
export async function testPattern(
  d: { readonly docker: () => Docker; readonly stages: Pick<StageRepo, 'byProject'>; readonly instances: Pick<InstanceRepo, 'live'> },
  input: MethodArgs<'logRules.test'>,
): Promise<MethodOutput<'logRules.test'>> {
  const check = compilePattern(input.pattern, input.ignoreCase);
  if (!check.ok) throw new AppError('INVALID_INPUT', `pattern: ${check.reason}`);
  const stages = d.stages.byProject(input.projectId);
  if (stages.length === 0) throw new AppError('NOT_FOUND', `Project ${String(input.projectId)} does not exist or has no stages.`);
  const sources: RecentLines[] = [];
  for (const stage of stages) {
    const live = d.instances.live(stage.id);
    if (!live?.containerId) continue;
    const lines: LogLineTuple[] = [];
    await readContainerLog(d.docker(), live.containerId, undefined, (batch) => {
      lines.push(...batch);
      return Promise.resolve();
    }, input.lines);
    sources.push({ stage: stage.name, lines });
  }
  return matchRecentLines(check.regex, input.stream, sources);
}
