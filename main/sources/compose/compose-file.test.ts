import { describe, expect, it } from 'vitest';
import { checkComposeFile, type ComposeCheck } from './compose-file';
import { planCompanions, stackName } from './stack-plan';

const repository = 'localhost:5000/acme/web';
const check = (text: string, allowHostAccess = false): ComposeCheck => checkComposeFile(text, { repository, allowHostAccess });
const problemsOf = (c: ComposeCheck) => (c.ok ? [] : c.problems);

const STACK = `services:
  web:
    image: localhost:5000/acme/web:1.0
    ports: ["8080:8080", "9090"]
    environment: { DB: http://db:8080 }
  db:
    image: localhost:5000/acme/db:2
    expose: ["8080"]
    volumes: ["data:/data"]
volumes:
  data: {}
`;

describe('checkComposeFile', () => {
  it('splits tracked services from companions and lists container ports, reporting host ports it ignores', () => {
    const c = check(STACK);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.services.map((s) => [s.name, s.tracked, s.ports])).toEqual([
      ['web', true, [8080, 9090]],
      ['db', false, [8080]],
    ]);
    expect(c.notes).toEqual(['Service "web": host ports 8080 are ignored; each stage gets its own stable URL on 127.0.0.1.']);
  });

  it('tracks a service whose image names the repository without a tag, or through another spelling of it', () => {
    const c = check('services:\n  a:\n    image: localhost:5000/acme/web\n  b:\n    image: localhost:5000/acme/web@sha256:' + 'a'.repeat(64) + '\n');
    expect(c.ok && c.services.every((s) => s.tracked)).toBe(true);
  });

  it('refuses build:, a missing image and a service list with no tracked service, naming service and line', () => {
    expect(problemsOf(check('services:\n  web:\n    build: .\n    image: localhost:5000/acme/web\n'))).toEqual([
      { service: 'web', line: 3, message: expect.stringContaining('does not support yet') as unknown },
    ]);
    expect(problemsOf(check('services:\n  web:\n    image: localhost:5000/acme/web\n  cache:\n    ports: ["6379"]\n'))).toEqual([
      { service: 'cache', line: 4, message: 'Service "cache" needs an "image:" (a repository, with or without a tag).' },
    ]);
    expect(problemsOf(check('services:\n  db:\n    image: postgres:16\n'))[0]?.message).toMatch(/No service uses the project's image localhost:5000\/acme\/web/);
  });

  it('refuses host access unless the project allows it', () => {
    const text = `services:
  web:
    image: localhost:5000/acme/web
    network_mode: host
    privileged: true
    pid: host
    cap_add: [NET_ADMIN]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - /:/host:ro
      - { type: bind, source: /run/docker.sock, target: /s }
      - ./data:/data
`;
    const problems = problemsOf(check(text));
    expect(problems.map((p) => p.line)).toEqual([4, 5, 6, 7, 9, 10, 11]);
    expect(problems.every((p) => p.service === 'web' && p.message.includes('allowHostAccess'))).toBe(true);
    expect(check(text, true).ok).toBe(true);
  });

  it('says what is wrong with YAML that does not parse, a file that is not a map, and no services', () => {
    expect(problemsOf(check('services: [\n'))[0]?.message).toMatch(/^The YAML does not parse/);
    expect(problemsOf(check('- a\n- b\n'))[0]?.message).toMatch(/is a map with a "services" key/);
    expect(problemsOf(check('version: "3"\n'))[0]?.message).toMatch(/Add a "services" map/);
    expect(problemsOf(check('services:\n  web:\n    image: localhost:5000/acme/web\n    ports: ["80-90:80-90"]\n'))[0]).toMatchObject({ service: 'web', line: 4 });
  });
});

describe('stack plan', () => {
  it('names each stage its own compose project in the characters Compose accepts', () => {
    expect(stackName('Acme Web!', 'Prod')).toBe('acme-web_prod');
    expect(stackName('---', '***')).toBe('project_stage');
  });

  it('recreates only companions whose definition changed, keeps the rest and removes those gone', () => {
    const v1 = check(STACK);
    const v2 = check(STACK.replace('expose: ["8080"]', 'expose: ["8081"]').replace('  db:', '  cache:\n    image: localhost:5000/acme/cache:1\n  db:'));
    if (!v1.ok || !v2.ok) throw new Error('fixtures must parse');
    expect(planCompanions(v1.services, v2.services)).toEqual({ recreate: ['cache', 'db'], keep: [], remove: [] });
    expect(planCompanions(v2.services, v2.services)).toEqual({ recreate: [], keep: ['cache', 'db'], remove: [] });
    expect(planCompanions(v2.services, v1.services)).toEqual({ recreate: ['db'], keep: [], remove: ['cache'] });
    expect(planCompanions(null, v1.services)).toEqual({ recreate: ['db'], keep: [], remove: [] });
  });
});

describe('compose CLI version', () => {
  it('reads the short version both CLIs print, and nothing else', async () => {
    const { parseComposeVersion } = await import('./compose-cli');
    expect(parseComposeVersion('1.29.2\n')).toBe('1.29.2');
    expect(parseComposeVersion('v2.27.1-desktop.1\n')).toBe('2.27.1-desktop.1');
    expect(parseComposeVersion("unknown flag: --short\n")).toBeNull();
    expect(parseComposeVersion('')).toBeNull();
  });
});
