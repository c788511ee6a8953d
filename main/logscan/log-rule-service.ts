import type { LogRule, MethodArgs, Settings } from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import type { Notifier } from '../notify/notifier';
import type { Db } from '../store/db';
import { ActionLimiter } from './action-limiter';
import { compilePattern } from './pattern';
import { LogRuleRepo } from './rule-repo';
import { LogScanner, defaultScannerOptions, type LogLine, type RuleCounters, type RuleFired, type ScannerOptions, type ScannerStats } from './scanner';

export interface LogRuleServiceDeps {
  readonly db: Db;
  readonly bus: EventBus;
  readonly notifier: Notifier;
  /** Current notification preferences (log-rule notices can be switched off). */
  readonly prefs: () => Settings['notifications'];
  readonly now?: () => number;
  readonly scanner?: Partial<ScannerOptions>;
}

const ruleDefaults = { ignoreCase: false, stream: 'any', level: 'warn', threshold: 1, windowSeconds: 60, cooldownSeconds: 300, enabled: true, action: 'none', actionMaxPerHour: 3 } as const;

/** What a rule's action does to a stage (the deployer); each answers the queued deploy's id. */
export interface LogRuleActions {
  restart(stageId: number): { readonly deploy: { readonly id: number } };
  rollback(stageId: number): { readonly deploy: { readonly id: number } };
}

/** Log-scan rules: validated CRUD, and the scanner that turns matches into `log-rule.fired` events. */
export class LogRuleService {
  readonly repo: LogRuleRepo;
  readonly scanner: LogScanner;
  private readonly now: () => number;
  private droppedReported = 0;
  private actions: LogRuleActions | null = null;
  private readonly limiter = new ActionLimiter();
  private lastDropWarning = -Infinity;
  private behindAt: number | null = null;

  constructor(private readonly deps: LogRuleServiceDeps) {
    this.repo = new LogRuleRepo(deps.db);
    this.now = deps.now ?? Date.now;
    this.scanner = new LogScanner(
      (f) => this.fire(f),
      (rule, ms) => this.suspend(rule, ms),
      { ...defaultScannerOptions, ...deps.scanner },
    );
    this.reload();
  }

  /** Called by the log streaming service with every batch it reads. Never blocks on scanning. */
  consume(batch: readonly LogLine[]): void {
    this.scanner.consume(batch);
    const dropped = this.scanner.getStats().linesDropped;
    if (dropped > this.droppedReported && this.now() - this.lastDropWarning >= 60_000) {
      this.lastDropWarning = this.now();
      this.behindAt = this.lastDropWarning;
      this.deps.bus.emit({
        type: 'log-scan.behind',
        level: 'warn',
        message: `Log scanning fell behind the log stream and skipped ${String(dropped - this.droppedReported)} lines; log delivery itself was not slowed. Fewer or simpler rules help.`,
        data: { dropped: dropped - this.droppedReported, totalDropped: dropped },
      });
      this.droppedReported = dropped;
    }
  }

  /** Wires the deployer once it exists; until then rules with actions only fire events. */
  setActions(actions: LogRuleActions | null): void {
    this.actions = actions;
  }

  stats(): ScannerStats & { behindAt: number | null } {
    return { ...this.scanner.getStats(), behindAt: this.behindAt };
  }

  counters(rules: readonly LogRule[]): RuleCounters[] {
    return this.scanner.ruleCounters(rules.map((r) => r.id));
  }

  stop(): void {
    this.scanner.stop();
  }

  list(projectId?: number): LogRule[] {
    const all = this.repo.all();
    return projectId === undefined ? all : all.filter((r) => r.projectId === null || r.projectId === projectId);
  }

  create(input: MethodArgs<'logRules.create'>): LogRule {
    let base: Omit<LogRule, 'id' | 'projectId' | 'overrides' | 'createdAt' | 'name' | 'pattern'> & { name?: string; pattern?: string } = ruleDefaults;
    if (input.overrides !== null) {
      const global = this.repo.get(input.overrides);
      if (!global) throw notFound('Log rule', input.overrides);
      if (global.projectId !== null) throw new AppError('INVALID_INPUT', `Rule ${String(global.id)} belongs to a project; only global rules can be overridden.`);
      if (input.projectId === null) throw new AppError('INVALID_INPUT', 'An override needs the projectId it applies to.');
      base = global;
    }
    if (input.projectId !== null && !this.repo.projectExists(input.projectId)) throw notFound('Project', input.projectId);
    const pattern = input.pattern ?? base.pattern;
    if (pattern === undefined) throw new AppError('INVALID_INPUT', 'pattern: a rule needs a regular expression to match.');
    const rule = {
      projectId: input.projectId,
      overrides: input.overrides,
      name: input.name ?? base.name ?? pattern.slice(0, 100),
      pattern,
      ignoreCase: input.ignoreCase ?? base.ignoreCase,
      stream: input.stream ?? base.stream,
      level: input.level ?? base.level,
      threshold: input.threshold ?? base.threshold,
      windowSeconds: input.windowSeconds ?? base.windowSeconds,
      cooldownSeconds: input.cooldownSeconds ?? base.cooldownSeconds,
      action: input.action ?? base.action,
      actionMaxPerHour: input.actionMaxPerHour ?? base.actionMaxPerHour,
      enabled: input.enabled ?? (input.overrides !== null && input.pattern === undefined ? base.enabled : true),
      createdAt: this.now(),
    };
    this.validate(rule.pattern, rule.ignoreCase);
    let created: LogRule;
    try {
      created = this.repo.insert(rule);
    } catch (error) {
      if (String(error).includes('UNIQUE')) {
        throw new AppError('CONFLICT', `Project ${String(input.projectId)} already overrides rule ${String(input.overrides)}; change that override instead.`);
      }
      throw error;
    }
    this.reload();
    return created;
  }

  update(input: MethodArgs<'logRules.update'>): LogRule {
    const current = this.repo.get(input.id);
    if (!current) throw notFound('Log rule', input.id);
    const next: LogRule = {
      ...current,
      ...Object.fromEntries(Object.entries(input).filter(([k, v]) => k !== 'id' && v !== undefined)),
    };
    this.validate(next.pattern, next.ignoreCase);
    const saved = this.repo.replace(next);
    this.reload();
    return saved;
  }

  remove(id: number): void {
    if (!this.repo.remove(id)) throw notFound('Log rule', id);
    this.reload();
  }

  private validate(pattern: string, ignoreCase: boolean): void {
    const check = compilePattern(pattern, ignoreCase);
    if (!check.ok) throw new AppError('INVALID_INPUT', `pattern: ${check.reason}`);
  }

  private reload(): void {
    this.scanner.setRules(this.repo.all());
  }

  private fire(f: RuleFired): void {
    const project = this.repo.projectName(f.line.projectId) ?? `project ${String(f.line.projectId)}`;
    const within = f.rule.threshold > 1 ? ` ${String(f.matches)} times within ${String(f.rule.windowSeconds)} s` : '';
    const last = f.samples[f.samples.length - 1] ?? '';
    const message = `[${project}] log rule "${f.rule.name}" matched${within}: ${last}`;
    this.deps.bus.emit({
      type: 'log-rule.fired',
      level: f.rule.level,
      message,
      projectId: f.line.projectId,
      stageId: f.line.stageId,
      data: {
        ruleId: f.rule.id,
        ruleName: f.rule.name,
        pattern: f.rule.pattern,
        containerId: f.line.containerId,
        stream: f.line.stream,
        matches: f.matches,
        lineTs: f.line.ts,
        windowSeconds: f.rule.windowSeconds,
        cooldownSeconds: f.rule.cooldownSeconds,
        samples: f.samples,
      },
    });
    if (this.deps.prefs().logRule) {
      this.deps.notifier.notify({
        title: `${project}: ${f.rule.name}`,
        body: `Matched${within}: ${last.slice(0, 200)}`,
        level: f.rule.level,
        route: `/projects/${String(f.line.projectId)}`,
      });
    }
    if (f.rule.action !== 'none') this.act(f, project, last);
  }

  /** The rule's action on the stage that printed the line; every outcome is an event naming the rule and the line. */
  private act(f: RuleFired, project: string, line: string): void {
    const action = f.rule.action as 'restart' | 'rollback';
    const stageId = f.line.stageId;
    const base = { ruleId: f.rule.id, ruleName: f.rule.name, action, line, containerId: f.line.containerId };
    const where = { projectId: f.line.projectId, stageId };
    const verb = action === 'restart' ? 'restart the live instance' : 'roll the stage back';
    const skip = (reason: string): void => {
      this.deps.bus.emit({ type: 'log-rule.action-skipped', level: 'warn', message: `[${project}] log rule "${f.rule.name}" did not ${verb}: ${reason}`, ...where, data: { ...base, reason } });
    };
    if (this.actions === null) return skip('deploys are not running');
    if (stageId === null) return skip('the line came from a container of no stage');
    const verdict = this.limiter.check(`${String(f.rule.id)}:${String(stageId)}`, { maxPerHour: f.rule.actionMaxPerHour, cooldownMs: f.rule.cooldownSeconds * 1000 }, this.now());
    if (!verdict.ok) return skip(verdict.reason);
    try {
      const queued = action === 'restart' ? this.actions.restart(stageId) : this.actions.rollback(stageId);
      this.deps.bus.emit({
        type: 'log-rule.acted',
        level: 'warn',
        message: `[${project}] log rule "${f.rule.name}" matched "${line.slice(0, 200)}": ${action === 'restart' ? 'restarting the live instance' : 'rolling back'} (deploy #${String(queued.deploy.id)})`,
        ...where,
        deployId: queued.deploy.id,
        data: base,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.bus.emit({ type: 'log-rule.action-failed', level: 'error', message: `[${project}] log rule "${f.rule.name}" could not ${verb}: ${reason}`, ...where, data: { ...base, reason } });
    }
  }

  private suspend(rule: LogRule, ms: number): void {
    this.repo.replace({ ...rule, enabled: false });
    this.reload();
    this.deps.bus.emit({
      type: 'log-rule.suspended',
      level: 'warn',
      message: `Log rule "${rule.name}" took ${ms.toFixed(0)} ms on one line and was turned off so log scanning keeps up. Simplify the pattern, then turn the rule back on.`,
      projectId: rule.projectId,
      data: { ruleId: rule.id, pattern: rule.pattern, ms },
    });
  }
}
