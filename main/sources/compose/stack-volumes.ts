import os from 'node:os';
import path from 'node:path';
import { isObj, str } from './file-values';

/** One mount of one service as the compose file writes it (sources not yet resolved). */
export interface StackMount {
  readonly service: string;
  readonly type: 'volume' | 'bind' | 'tmpfs';
  /** A top-level volume's key, or a host path as written (relative to the stack folder, absolute, or `~/…`); "" for tmpfs. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/**
 * A service's `volumes:` in short (`src:dst[:mode]`) or long (`{ type, source, target }`) form.
 * Anonymous volumes are left out: the engine makes a fresh one per container, so there is no one copy to name.
 */
export function serviceMounts(service: string, v: unknown): StackMount[] {
  if (!Array.isArray(v)) return [];
  const out: StackMount[] = [];
  for (const item of v) {
    if (isObj(item)) {
      const target = str(item['target']);
      const source = str(item['source']) ?? '';
      const type = str(item['type']) ?? 'volume';
      if (!target || (type === 'volume' && source === '')) continue;
      out.push({ service, type: type === 'tmpfs' ? 'tmpfs' : type === 'volume' ? 'volume' : 'bind', source: type === 'tmpfs' ? '' : source, target, readOnly: item['read_only'] === true });
      continue;
    }
    const s = str(item);
    if (!s) continue;
    const parts = s.split(':');
    if (parts.length === 1) continue;
    const [source = '', target = '', mode = 'rw'] = parts;
    const isPath = source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
    out.push({ service, type: isPath ? 'bind' : 'volume', source, target, readOnly: mode.split(',').includes('ro') });
  }
  return out;
}

/** Every service's mounts, in file order. */
export function stackMounts(file: unknown): StackMount[] {
  const services = isObj(file) && isObj(file['services']) ? file['services'] : {};
  return Object.entries(services).flatMap(([name, svc]) => (isObj(svc) ? serviceMounts(name, svc['volumes']) : []));
}

/** A bind mount's host folder as Compose resolves it: `~` is the user's home, a relative path is under the stack folder. */
export function bindSource(dir: string, source: string): string {
  if (source === '~' || source.startsWith('~/')) return path.join(os.homedir(), source.slice(1));
  return path.resolve(dir, source);
}

/** True for a bind source written relative to the stack folder (one copy per stage). */
export const isStackRelative = (source: string): boolean => source.startsWith('.');
