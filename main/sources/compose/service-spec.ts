import { isObj, str } from './file-values';
import { composeEngineName } from './stack-plan';
import { bindSource, serviceMounts } from './stack-volumes';

/**
 * How Slipway runs a tracked service's instance: the parts of the service's definition (as
 * `compose config` resolves it, v1 or v2 output) that go into the container it creates itself.
 * Pure: resolved file in, create options out. Ports are Slipway's own (stable URLs), so they are left out.
 */
export interface ServiceRun {
  readonly env: Record<string, string>;
  readonly cmd: string[] | null;
  readonly entrypoint: string[] | null;
  readonly user: string | null;
  readonly workingDir: string | null;
  readonly healthcheck: DockerHealthcheck | null;
  readonly mounts: { Type: 'bind' | 'volume' | 'tmpfs'; Source: string; Target: string; ReadOnly: boolean }[];
  /** Networks the instance joins (engine names), each with its aliases (the service name first). */
  readonly networks: { key: string; name: string; aliases: string[] }[];
  readonly labels: Record<string, string>;
}

export interface DockerHealthcheck {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}


/** Splits a command string the way a shell would split words (quotes and backslashes), without expanding anything. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let any = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i] ?? '';
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i] ?? '';
      any = true;
    } else if (/\s/.test(c)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += c;
  }
  if (cur || any) out.push(cur);
  return out;
}

/** A compose duration ("1m30s", "500ms", "10s") in nanoseconds, as the engine wants it; null when not one. */
export function durationNs(v: unknown): number | null {
  if (typeof v === 'number') return v * 1e9;
  if (typeof v !== 'string' || !/^(\d+(\.\d+)?(h|ms|m|s|us|ns))+$/.test(v.trim())) return null;
  const unit: Record<string, number> = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
  let total = 0;
  for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)) total += Number(m[1]) * (unit[m[2] ?? 's'] ?? 0);
  return Math.round(total);
}

const argv = (v: unknown): string[] | null => {
  if (Array.isArray(v)) return v.map((x) => str(x) ?? '');
  const s = str(v);
  return s === null ? null : splitWords(s);
};

function envOf(v: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = str(item);
      if (s === null) continue;
      const eq = s.indexOf('=');
      // "NAME" alone takes the value from Compose's own environment; `config` has resolved it where it could.
      if (eq > 0) env[s.slice(0, eq)] = s.slice(eq + 1);
    }
  } else if (isObj(v)) {
    for (const [k, val] of Object.entries(v)) {
      const s = str(val);
      if (s !== null) env[k] = s;
    }
  }
  return env;
}

function healthOf(v: unknown): DockerHealthcheck | null {
  if (!isObj(v) || v['disable'] === true) return null;
  const t = v['test'];
  const test = Array.isArray(t) ? t.map((x) => str(x) ?? '') : typeof t === 'string' ? ['CMD-SHELL', t] : null;
  if (!test || test[0] === 'NONE') return null;
  const hc: DockerHealthcheck = { Test: test };
  const interval = durationNs(v['interval']);
  const timeout = durationNs(v['timeout']);
  const start = durationNs(v['start_period']);
  if (interval !== null) hc.Interval = interval;
  if (timeout !== null) hc.Timeout = timeout;
  if (start !== null) hc.StartPeriod = start;
  if (typeof v['retries'] === 'number') hc.Retries = v['retries'];
  return hc;
}

function mountsOf(service: string, v: unknown, stack: string, topVolumes: unknown, dir: string): ServiceRun['mounts'] {
  return serviceMounts(service, v).map((m) => {
    if (m.type === 'tmpfs') return { Type: 'tmpfs', Source: '', Target: m.target, ReadOnly: false };
    if (m.type === 'volume') return { Type: 'volume', Source: composeEngineName(stack, m.source, topVolumes), Target: m.target, ReadOnly: m.readOnly };
    return { Type: 'bind', Source: bindSource(dir, m.source), Target: m.target, ReadOnly: m.readOnly };
  });
}

function networksOf(v: unknown, service: string, stack: string, topNetworks: unknown): ServiceRun['networks'] {
  const entries: [string, string[]][] = Array.isArray(v)
    ? v.map((n) => [str(n) ?? 'default', []])
    : isObj(v)
      ? Object.entries(v).map(([k, def]) => [k, isObj(def) && Array.isArray(def['aliases']) ? def['aliases'].map((a) => str(a) ?? '').filter(Boolean) : []])
      : [];
  if (entries.length === 0) entries.push(['default', []]);
  return entries.map(([key, aliases]) => ({ key, name: composeEngineName(stack, key, topNetworks), aliases: [...new Set([service, ...aliases])] }));
}

function labelsOf(v: unknown): Record<string, string> {
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, str(x) ?? '']));
  return envOf(v);
}

/**
 * The run settings of `service` in a resolved compose file (`compose config` output). `dir` is the
 * stage's folder, which relative bind mounts are under; `stack` the stage's compose project name.
 */
export function serviceRun(resolved: unknown, service: string, stack: string, dir: string): ServiceRun {
  const root = isObj(resolved) ? resolved : {};
  const services = isObj(root['services']) ? root['services'] : {};
  const svc = services[service];
  if (!isObj(svc)) throw new Error(`the compose file has no service "${service}"`);
  return {
    env: envOf(svc['environment']),
    cmd: svc['command'] === undefined || svc['command'] === null ? null : argv(svc['command']),
    entrypoint: svc['entrypoint'] === undefined || svc['entrypoint'] === null ? null : argv(svc['entrypoint']),
    user: str(svc['user']),
    workingDir: str(svc['working_dir']),
    healthcheck: healthOf(svc['healthcheck']),
    mounts: mountsOf(service, svc['volumes'], stack, root['volumes'], dir),
    networks: networksOf(svc['networks'], service, stack, root['networks']),
    labels: labelsOf(svc['labels']),
  };
}
