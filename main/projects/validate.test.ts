import { describe, expect, it } from 'vitest';
import { AppError } from '../dispatch/app-error';
import { defaultProjectName, isWithin, resolveLinks, validateExtraPorts, validateRepository, validateSemverRange, validateStageChain, validateTagPattern, validateVolumes } from './validate';

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'not-app-error';
  }
};

describe('validateRepository', () => {
  it('answers the canonical name', () => {
    expect(validateRepository('localhost:5000/acme/web')).toBe('localhost:5000/acme/web');
    expect(validateRepository('nginx')).toBe('docker.io/library/nginx');
  });
  it('refuses a tag or digest, saying how stages pick tags', () => {
    expect(() => validateRepository('localhost:5000/acme/web:1.0')).toThrow(/without ":1.0".*tag pattern/);
    expect(codeOf(() => validateRepository('UPPER/case'))).toBe('INVALID_INPUT');
  });
  it('derives a project name', () => {
    expect(defaultProjectName('localhost:5000/acme/web')).toBe('web');
  });
});

describe('validateRepository examples', () => {
  it('offers only examples that validateRepository itself accepts', () => {
    let message = '';
    try {
      validateRepository('localhost:5000/Acme/web');
    } catch (e) {
      message = (e as AppError).message;
    }
    const examples = [...message.replace(/^.*Example:/, '').matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(examples).toContain('localhost:5000/acme/web');
    for (const example of examples) expect(() => validateRepository(example)).not.toThrow();
  });
});

describe('validateTagPattern', () => {
  it.each(['*', 'dev-*', 'v*', 'v[0-9]*', '{main,dev}-*', 'release-?'])('accepts %s', (p) => {
    expect(() => validateTagPattern(p)).not.toThrow();
  });
  it.each(['dev/*', 'a b', 'x[', ''])('refuses %j', (p) => {
    expect(codeOf(() => validateTagPattern(p))).toBe('INVALID_INPUT');
  });
  it('checks semver ranges', () => {
    expect(() => validateSemverRange('>=1.2 <2')).not.toThrow();
    expect(() => validateSemverRange(null)).not.toThrow();
    expect(() => validateSemverRange('not a range')).toThrow(/not a semver range/);
  });
});

describe('validateStageChain', () => {
  it('accepts a chain', () => {
    expect(() =>
      validateStageChain([
        { name: 'dev', upstream: null },
        { name: 'staging', upstream: 'dev' },
        { name: 'prod', upstream: 'staging' },
      ]),
    ).not.toThrow();
  });
  it('refuses duplicates, unknown upstreams, self-links and cycles', () => {
    expect(codeOf(() => validateStageChain([{ name: 'dev', upstream: null }, { name: 'dev', upstream: null }]))).toBe('CONFLICT');
    expect(() => validateStageChain([{ name: 'prod', upstream: 'qa' }])).toThrow(/not a stage of this project/);
    expect(() => validateStageChain([{ name: 'dev', upstream: 'dev' }])).toThrow(/its own upstream/);
    expect(() =>
      validateStageChain([
        { name: 'a', upstream: 'c' },
        { name: 'b', upstream: 'a' },
        { name: 'c', upstream: 'b' },
      ]),
    ).toThrow(/loops/);
  });
});

describe('validateExtraPorts', () => {
  const image = { kind: 'image' as const, port: 8080, swarmStages: [] };
  it('accepts distinct ports other than the primary one, and none at all anywhere', () => {
    expect(() => validateExtraPorts([9090, 9091], image)).not.toThrow();
    expect(() => validateExtraPorts([8080], { ...image, port: null })).not.toThrow();
    expect(() => validateExtraPorts([], { kind: 'compose', port: null, swarmStages: ['prod'] })).not.toThrow();
  });
  it('refuses a port listed twice, the primary port, other kinds and Swarm stages, saying what to do', () => {
    expect(codeOf(() => validateExtraPorts([9090, 9090], image))).toBe('INVALID_INPUT');
    expect(() => validateExtraPorts([9090, 9090], image)).toThrow(/ports: 9090 is listed twice; list each container port once/);
    expect(() => validateExtraPorts([9090, 8080], image)).toThrow(/8080 is already the project's container port \("port"\)/);
    expect(() => validateExtraPorts([9090], { ...image, kind: 'compose' })).toThrow(/only image projects take extra ports; a compose project publishes the ports its tracked service lists/);
    expect(() => validateExtraPorts([9090], { ...image, kind: 'static' })).toThrow(/only image projects/);
    expect(() => validateExtraPorts([9090], { ...image, swarmStages: ['prod'] })).toThrow(/the stage prod runs as a Swarm service.*leave "ports" empty or run that stage as a container/);
    expect(() => validateExtraPorts([9090], { ...image, swarmStages: ['a', 'b'] }, 'patch.ports')).toThrow(/^patch\.ports: the stages a, b run as a Swarm service/);
  });
});

describe('validateVolumes', () => {
  it('keeps absolute sources under the allowed roots', () => {
    expect(() => validateVolumes([{ scope: 'absolute', source: '/srv/data/x', target: '/data', readOnly: false }], ['/srv/data'])).not.toThrow();
    expect(codeOf(() => validateVolumes([{ scope: 'absolute', source: '/etc', target: '/data', readOnly: false }], ['/srv/data']))).toBe('FORBIDDEN_PATH');
    expect(codeOf(() => validateVolumes([{ scope: 'absolute', source: '/srv/data/../../etc', target: '/d', readOnly: false }], ['/srv/data']))).toBe(
      'FORBIDDEN_PATH',
    );
  });
  it('refuses duplicate targets, bad names and sources on tmpfs', () => {
    const v = { scope: 'project' as const, target: '/data', readOnly: false };
    expect(() => validateVolumes([v, { ...v, target: '/data/' }], [])).toThrow(/mount on \/data/);
    expect(() => validateVolumes([{ ...v, source: '../x' }], [])).toThrow(/plain directory name/);
    expect(() => validateVolumes([{ scope: 'named', target: '/x', readOnly: false }], [])).toThrow(/Docker volume name/);
    expect(() => validateVolumes([{ scope: 'ephemeral', source: 'x', target: '/x', readOnly: false }], [])).toThrow(/no source/);
  });
  // A file system of links, as realpath sees it: /srv/data/escape → /, /srv/data/sock → /var/run/docker.sock.
  // /srv/data/dangling → /var/run/docker.sock, which does not exist (yet): realpath fails on it, readlink does not.
  const links: Record<string, string> = { '/srv/data': '/srv/data', '/srv/data/escape': '/', '/srv/data/sock': '/var/run/docker.sock', '/srv/data/app': '/srv/data/app', '/': '/', '/srv': '/srv', '/var': '/var', '/var/run': '/run' };
  const realpath = (p: string): string => {
    const real = links[p];
    if (real === undefined) throw new Error(`ENOENT: ${p}`);
    return real;
  };
  const readlink = (p: string): string => {
    if (p === '/srv/data/dangling') return '../../var/run/docker.sock';
    throw new Error(`EINVAL: ${p}`);
  };
  const host = { realpath, readlink };
  it('judges an absolute source by where its links lead, also when the rest of the path does not exist yet', () => {
    expect(resolveLinks('/srv/data/escape/etc/shadow', host)).toBe('/etc/shadow');
    expect(resolveLinks('/srv/data/app/new/dir', host)).toBe('/srv/data/app/new/dir');
    expect(resolveLinks('/nowhere/at/all', host)).toBe('/nowhere/at/all');
    expect(resolveLinks('/srv/data/dangling', host)).toBe('/run/docker.sock');
    expect(resolveLinks('/srv/data/dangling', { realpath })).toBe('/srv/data/dangling');
    const vol = (source: string) => [{ scope: 'absolute' as const, source, target: '/data', readOnly: false }];
    expect(() => validateVolumes(vol('/srv/data/escape/etc'), ['/srv/data'], host)).toThrow(/\/srv\/data\/escape\/etc leads to \/etc through a symbolic link.*Give the real folder/);
    expect(codeOf(() => validateVolumes(vol('/srv/data/dangling'), ['/srv/data'], host))).toBe('FORBIDDEN_PATH');
    expect(() => validateVolumes(vol('/srv/data/app/uploads'), ['/srv/data'], host)).not.toThrow();
  });
  it('isWithin', () => {
    expect(isWithin('/a/b', '/a/b/c')).toBe(true);
    expect(isWithin('/a/b', '/a/bc')).toBe(false);
  });
});
