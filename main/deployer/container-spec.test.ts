import { describe, expect, it } from 'vitest';
import type { ContainerRun } from '../../preload/contract';
import { containerName, containerSpec, LABEL, networkAliases } from './container-spec';
import { planMounts, volumeHostPath } from './instance-volumes';

const owner = { dataDir: '/data', projectId: 3, stageId: 7, instanceId: 11 };

type Plan = Parameters<typeof containerSpec>[0];
/** A plan with no env, limits or mounts; `project` adds to the project's fields. */
const bare = (project: Partial<Plan['project']>): Plan => ({
  installId: 'abcdef123',
  project: { id: 3, name: 'web', env: {}, limits: {}, stopTimeoutSec: 5, ...project },
  stage: { id: 7, name: 'dev', env: {} },
  deployId: 9,
  instanceId: 11,
  tag: '1.0',
  digest: 'sha256:aa',
  imageRef: 'x@sha256:aa',
  containerPort: 8080,
  hostPort: 41000,
  mounts: { mounts: [], dirs: [] },
});

describe('containerSpec', () => {
  it('labels, merges env, binds to 127.0.0.1 and applies limits', () => {
    const mounts = planMounts(
      [
        { scope: 'stage', target: '/var/lib/db', readOnly: false },
        { scope: 'ephemeral', target: '/tmp/cache', readOnly: false },
        { scope: 'named', source: 'shared', target: '/shared', readOnly: true },
        { scope: 'absolute', source: '/srv/in', target: '/in', readOnly: true },
      ],
      owner,
      ['/srv'],
      (p) => p,
    );
    const spec = containerSpec(
      {
        installId: 'abcdef123',
        project: { id: 3, name: 'web', env: { A: '1', B: '1' }, limits: { cpus: 0.5, memoryMb: 64 }, stopTimeoutSec: 5 },
        stage: { id: 7, name: 'dev', env: { B: '2' } },
        deployId: 9,
        instanceId: 11,
        tag: '1.0',
        digest: 'sha256:aa',
        imageRef: 'localhost:5000/acme/web@sha256:aa',
        containerPort: 8080,
        hostPort: 41000,
        mounts,
      },
      containerName('abcdef123', 'web', 'dev', 11),
    );
    expect(spec.name).toBe('slipway-abcdef-web-dev-11');
    expect(spec.Env).toEqual(['A=1', 'B=2']);
    expect(spec.Labels?.[LABEL.stage]).toBe('7');
    expect(spec.Labels?.[LABEL.digest]).toBe('sha256:aa');
    expect(spec.HostConfig?.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '41000' }] });
    expect(spec.HostConfig?.NanoCpus).toBe(5e8);
    expect(spec.HostConfig?.Memory).toBe(64 * 1024 * 1024);
    expect(spec.HostConfig?.Binds).toBeUndefined();
    expect(spec.HostConfig?.Mounts).toEqual([
      { Type: 'bind', Source: '/data/volumes/p3/s7/stage/var-lib-db', Target: '/var/lib/db', ReadOnly: false },
      { Type: 'tmpfs', Source: '', Target: '/tmp/cache', ReadOnly: false },
      { Type: 'volume', Source: 'shared', Target: '/shared', ReadOnly: true },
      { Type: 'bind', Source: '/srv/in', Target: '/in', ReadOnly: true },
    ]);
    expect(mounts.dirs).toEqual(['/data/volumes/p3/s7/stage/var-lib-db']);
  });

  it('scopes directories by project, stage and instance', () => {
    expect(volumeHostPath(owner, { scope: 'project', target: '/data', readOnly: false })).toBe('/data/volumes/p3/project/data');
    expect(volumeHostPath(owner, { scope: 'instance', source: 'x', target: '/data', readOnly: false })).toBe('/data/volumes/p3/s7/i11/x');
  });

  it("runs Docker's init unless the project turns it off", () => {
    const plan = (init?: boolean): Plan => bare(init === undefined ? {} : { init });
    expect(containerSpec(plan(), 'n').HostConfig?.Init).toBe(true);
    expect(containerSpec(plan(true), 'n').HostConfig?.Init).toBe(true);
    expect(containerSpec(plan(false), 'n').HostConfig?.Init).toBe(false);
  });

  it("overrides the image's command, entrypoint, user and working directory, and joins the project's network with aliases", () => {
    const plan = (run: ContainerRun): Plan => bare({ run });
    const plain = containerSpec(plan({}), 'n');
    for (const key of ['Cmd', 'Entrypoint', 'User', 'WorkingDir', 'NetworkingConfig'] as const) expect(plain[key]).toBeUndefined();
    expect(plain.HostConfig?.NetworkMode).toBeUndefined();
    const spec = containerSpec(plan({ command: ['serve', '--port', '8080'], entrypoint: ['/bin/sh', '-c'], user: '1000:1000', workingDir: '/srv', network: { name: 'acme', aliases: ['api'] } }), 'n');
    expect(spec.Cmd).toEqual(['serve', '--port', '8080']);
    expect(spec.Entrypoint).toEqual(['/bin/sh', '-c']);
    expect(spec.User).toBe('1000:1000');
    expect(spec.WorkingDir).toBe('/srv');
    expect(spec.HostConfig?.NetworkMode).toBe('acme');
    expect(spec.NetworkingConfig).toEqual({ EndpointsConfig: { acme: { Aliases: ['api', 'api-dev'] } } });
    // Still published on loopback only.
    expect(spec.HostConfig?.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '41000' }] });
  });

  it('gives each alias a stage-qualified twin, without repeats', () => {
    expect(networkAliases(['db', 'cache', 'db'], 'prod')).toEqual(['db', 'db-prod', 'cache', 'cache-prod']);
    expect(networkAliases([], 'dev')).toEqual([]);
  });

  it('refuses an absolute path that left the allowed roots', () => {
    expect(() => planMounts([{ scope: 'absolute', source: '/etc', target: '/x', readOnly: false }], owner, ['/srv'], (p) => p)).toThrow(/not under an allowed/);
  });

  it('judges an absolute source by where its links really lead', () => {
    const links: Record<string, string> = { '/srv/root-link': '/', '/srv/sock': '/var/run/docker.sock', '/srv/ok-link': '/srv/data' };
    const realpath = (p: string): string => links[p] ?? p;
    const plan = (source: string): unknown => planMounts([{ scope: 'absolute', source, target: '/x', readOnly: false }], owner, ['/srv'], realpath);
    expect(() => plan('/srv/root-link')).toThrow(/really \/\) is not under an allowed/);
    expect(() => plan('/srv/sock')).toThrow(/really \/var\/run\/docker.sock/);
    expect(plan('/srv/ok-link')).toEqual({ mounts: [{ Type: 'bind', Source: '/srv/data', Target: '/x', ReadOnly: false }], dirs: [] });
    const missing = (): string => {
      throw new Error('ENOENT');
    };
    expect(() => planMounts([{ scope: 'absolute', source: '/srv/none', target: '/x', readOnly: false }], owner, ['/srv'], missing)).toThrow(/create it on the host first/);
  });
});
