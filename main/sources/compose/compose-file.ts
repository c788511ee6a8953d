import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { parseImageRef } from '../../oci-client/image-ref';

/** One problem in a compose file, tied to the service and line it concerns. */
export interface ComposeProblem {
  readonly service: string | null;
  /** 1-based line in the YAML text; null when the problem is the file as a whole. */
  readonly line: number | null;
  readonly message: string;
}

export interface ComposeService {
  readonly name: string;
  /** The service's `image:` as written. */
  readonly image: string;
  /** Follows the project's repository: swapped blue-green on each deploy. */
  readonly tracked: boolean;
  /** Container ports the service publishes (`ports:`) or exposes (`expose:`), in file order, no repeats. */
  readonly ports: readonly number[];
  /** Host ports the file asks for; Slipway picks its own, so these are only reported. */
  readonly ignoredHostPorts: readonly number[];
  /** The service's definition as parsed (for change detection between versions of the file). */
  readonly definition: unknown;
}

export type ComposeCheck =
  | { readonly ok: true; readonly services: readonly ComposeService[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problems: readonly ComposeProblem[] };

export interface ComposeCheckOptions {
  /** The project's repository (`localhost:5000/acme/web`): services with this image are tracked. */
  readonly repository: string;
  /** Allows host networking, privileged mode, host PID, added capabilities and host-root or engine-socket mounts. */
  readonly allowHostAccess: boolean;
}

const ENGINE_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

/**
 * Validates a compose file before Slipway accepts it, and says which services follow the project's
 * image. Pure: YAML text in, services or problems out (each naming the service and line).
 */
export function checkComposeFile(text: string, o: ComposeCheckOptions): ComposeCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number | null => (node?.range ? lines.linePos(node.range[0]).line : null);
  const problems: ComposeProblem[] = [];
  const problem = (service: string | null, node: Node | null | undefined, message: string): void => {
    problems.push({ service, line: lineOf(node), message });
  };
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ service: null, line: e.linePos?.[0]?.line ?? null, message: `The YAML does not parse: ${e.message.split('\n')[0] ?? e.code}` })) };
  }
  const root = doc.contents;
  if (!isMap(root)) return { ok: false, problems: [{ service: null, line: null, message: 'A compose file is a map with a "services" key; this one is not a map.' }] };
  const servicesNode = root.get('services', true);
  if (!isMap(servicesNode) || servicesNode.items.length === 0) {
    return { ok: false, problems: [{ service: null, line: lineOf(servicesNode), message: 'Add a "services" map with at least one service (name: { image: … }).' }] };
  }

  const services: ComposeService[] = [];
  const notes: string[] = [];
  for (const pair of servicesNode.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
      problem(name || null, pair.key as Node, `Service name "${name}" may only use letters, digits, "_", "." and "-".`);
      continue;
    }
    const svc = pair.value;
    if (!isMap(svc)) {
      problem(name, pair.key as Node, `Service "${name}" must be a map of settings (image:, ports:, …).`);
      continue;
    }
    if (svc.has('build')) problem(name, svc.get('build', true), `Service "${name}" uses "build:", which Slipway does not support yet: build and push the image in CI, then name it in "image:".`);
    const imageNode = svc.get('image', true) as Node | undefined;
    const image = isScalar(imageNode) && typeof imageNode.value === 'string' ? imageNode.value.trim() : '';
    if (!image) {
      problem(name, (imageNode ?? pair.key) as Node, `Service "${name}" needs an "image:" (a repository, with or without a tag).`);
      continue;
    }
    let tracked = false;
    try {
      tracked = parseImageRef(image).name === o.repository;
    } catch (error) {
      problem(name, imageNode, `Service "${name}" has an image Slipway cannot read: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!o.allowHostAccess) for (const p of hostAccess(name, svc)) problem(name, p.node, p.message);
    const { ports, hostPorts, bad } = portsOf(svc);
    for (const b of bad) problem(name, b.node, `Service "${name}": ${b.message}`);
    if (hostPorts.length > 0) notes.push(`Service "${name}": host ports ${hostPorts.join(', ')} are ignored; each stage gets its own stable URL on 127.0.0.1.`);
    services.push({ name, image, tracked, ports, ignoredHostPorts: hostPorts, definition: svc.toJSON() as unknown });
  }
  if (problems.length === 0 && !services.some((s) => s.tracked)) {
    problems.push({ service: null, line: lineOf(servicesNode), message: `No service uses the project's image ${o.repository}: set one service's "image:" to it (any tag), so deploys have something to put live.` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, services, notes };
}

interface Found {
  readonly node: Node | null | undefined;
  readonly message: string;
}

const HOST_ACCESS_HINT = 'set allowHostAccess on the project if this stack really needs it';

/** Settings that give a container the host: refused unless the project allows host access. */
function hostAccess(name: string, svc: YAMLMap): Found[] {
  const found: Found[] = [];
  const value = (key: string): unknown => (svc.get(key, true) as Node | undefined)?.toJSON() as unknown;
  const at = (key: string): Node | undefined => svc.get(key, true);
  if (value('network_mode') === 'host') found.push({ node: at('network_mode'), message: `Service "${name}" uses the host's network (network_mode: host); ${HOST_ACCESS_HINT}.` });
  if (value('privileged') === true) found.push({ node: at('privileged'), message: `Service "${name}" is privileged; ${HOST_ACCESS_HINT}.` });
  if (value('pid') === 'host') found.push({ node: at('pid'), message: `Service "${name}" shares the host's processes (pid: host); ${HOST_ACCESS_HINT}.` });
  if (svc.has('cap_add')) found.push({ node: at('cap_add'), message: `Service "${name}" adds capabilities (cap_add); ${HOST_ACCESS_HINT}.` });
  const volumes = at('volumes');
  if (isSeq(volumes)) {
    for (const item of volumes.items) {
      const source = mountSource(item as Node);
      if (source === null) continue;
      const clean = source.replace(/\/+$/, '') || '/';
      if (clean === '/' || ENGINE_SOCKETS.includes(clean)) {
        found.push({ node: item as Node, message: `Service "${name}" mounts ${clean === '/' ? "the host's root folder" : 'the Docker engine socket'} (${source}); ${HOST_ACCESS_HINT}.` });
      }
    }
  }
  return found;
}

/** The host side of a bind mount (short `src:dst[:mode]` or long `{ type: bind, source }`), else null. */
function mountSource(item: Node): string | null {
  if (isScalar(item) && typeof item.value === 'string') {
    const parts = item.value.split(':');
    if (parts.length < 2) return null;
    const src = parts[0] ?? '';
    return src.startsWith('/') ? src : null;
  }
  if (isMap(item)) {
    const type = item.get('type');
    const source = item.get('source');
    return type === 'bind' && typeof source === 'string' ? source : null;
  }
  return null;
}

/** Container ports from `ports:` (short or long form) and `expose:`; host ports are collected to be reported. */
function portsOf(svc: YAMLMap): { ports: number[]; hostPorts: number[]; bad: Found[] } {
  const ports: number[] = [];
  const hostPorts: number[] = [];
  const bad: Found[] = [];
  const add = (n: number): void => {
    if (!ports.includes(n)) ports.push(n);
  };
  const portNumber = (raw: string): number | null => {
    const n = Number(raw.split('/')[0]);
    return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
  };
  const published = svc.get('ports', true);
  if (isSeq(published)) {
    for (const item of published.items) {
      const node = item as Node;
      if (isMap(node)) {
        const target = Number(node.get('target'));
        if (Number.isInteger(target) && target >= 1 && target <= 65535) add(target);
        else bad.push({ node, message: 'a long-form port needs a "target" container port (1–65535).' });
        const hp = Number(node.get('published'));
        if (Number.isInteger(hp) && hp > 0) hostPorts.push(hp);
        continue;
      }
      const raw = isScalar(node) ? String(node.value) : '';
      const parts = raw.split(':');
      const container = portNumber(parts[parts.length - 1] ?? '');
      if (container === null) {
        bad.push({ node, message: `port "${raw}" is not HOST:CONTAINER or CONTAINER (ranges are not supported).` });
        continue;
      }
      add(container);
      if (parts.length >= 2) {
        const hp = portNumber(parts[parts.length - 2] ?? '');
        if (hp !== null) hostPorts.push(hp);
      }
    }
  }
  const exposed = svc.get('expose', true);
  if (isSeq(exposed)) {
    for (const item of exposed.items) {
      const n = isScalar(item) ? portNumber(String(item.value)) : null;
      if (n === null) bad.push({ node: item as Node, message: `expose entry "${isScalar(item) ? String(item.value) : '?'}" is not a port number.` });
      else add(n);
    }
  }
  return { ports, hostPorts, bad };
}
