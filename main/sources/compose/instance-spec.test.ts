import { describe, expect, it } from 'vitest';
import type { ComposeService } from './compose-file';
import { memberBase, memberName, memberServices, primaryService, shapeForService } from './instance-spec';
import type { ServiceRun } from './service-spec';

const svc = (name: string, tracked: boolean, ports: number[] = []): ComposeService => ({ name, image: tracked ? 'acme/web' : 'acme/db', tracked, ports, ignoredHostPorts: [], definition: {} });

const run: ServiceRun = {
  env: { PEER: 'db:8080', MODE: 'file' },
  cmd: ['serve'],
  entrypoint: null,
  user: null,
  workingDir: '/app',
  healthcheck: { Test: ['CMD', 'true'] },
  mounts: [{ Type: 'volume', Source: 'stack_data', Target: '/data', ReadOnly: false }],
  networks: [
    { key: 'default', name: 'stack_default', aliases: ['api'] },
    { key: 'back', name: 'stack_back', aliases: ['api'] },
  ],
  labels: { 'com.docker.compose.service': 'api' },
};

describe('primary and member services', () => {
  it('the primary is the first tracked service with a port; the other tracked ones are members', () => {
    const services = [svc('worker', true), svc('db', false, [5432]), svc('web', true, [8080]), svc('api', true, [9090])];
    expect(primaryService(services)?.name).toBe('web');
    expect(memberServices(services).map((s) => s.name)).toEqual(['worker', 'api']);
  });

  it('without any port the first tracked service is the primary; none tracked: none', () => {
    expect(primaryService([svc('db', false), svc('a', true), svc('b', true)])?.name).toBe('a');
    expect(primaryService([svc('db', false)])).toBeNull();
    expect(memberServices([svc('db', false)])).toEqual([]);
  });

  it('a member is named after its instance and service, in characters the engine accepts', () => {
    expect(memberName('slipway-abc-shop-dev-7', 'api')).toBe('slipway-abc-shop-dev-7-api');
    expect(memberName('slipway-abc-shop-dev-7', 'a b')).toBe('slipway-abc-shop-dev-7-a-b');
  });
});

describe('a member container from the instance options', () => {
  const base = {
    name: 'slipway-abc-shop-dev-7',
    Image: 'sha256:1',
    Env: ['MODE=project', 'TOKEN=x=y'],
    Labels: { 'slipway.instance': '7' },
    ExposedPorts: { '8080/tcp': {} },
    HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '40001' }] }, RestartPolicy: { Name: 'no' }, Memory: 1024 },
  };

  it('keeps the image, labels, limits and variables, drops the primary port, takes its own name', () => {
    const m = memberBase(base, 'slipway-abc-shop-dev-7-api');
    expect(m.name).toBe('slipway-abc-shop-dev-7-api');
    expect(m.ExposedPorts).toBeUndefined();
    expect(m.HostConfig).toEqual({ RestartPolicy: { Name: 'no' }, Memory: 1024 });
    expect(m.Labels).toEqual(base.Labels);
    expect(base.HostConfig.PortBindings['8080/tcp']).toHaveLength(1);
  });

  it('shapes it from its service: project variables over the service\'s, its command, mounts, healthcheck and first network with its alias', () => {
    const shaped = shapeForService(memberBase(base, 'n'), run, 'api');
    expect(shaped.Env).toEqual(['PEER=db:8080', 'MODE=project', 'TOKEN=x=y']);
    expect(shaped.Cmd).toEqual(['serve']);
    expect(shaped.WorkingDir).toBe('/app');
    expect(shaped.Entrypoint).toBeUndefined();
    expect(shaped.Healthcheck).toEqual({ Test: ['CMD', 'true'] });
    expect(shaped.Labels).toEqual({ 'com.docker.compose.service': 'api', 'slipway.instance': '7', 'slipway.compose-service': 'api' });
    expect(shaped.NetworkingConfig).toEqual({ EndpointsConfig: { stack_default: { Aliases: ['api'] } } });
    expect(shaped.HostConfig).toEqual({ RestartPolicy: { Name: 'no' }, Memory: 1024, Mounts: run.mounts, NetworkMode: 'stack_default' });
  });
});
