import { describe, expect, it } from 'vitest';
import { defaultServiceName, serviceHealthcheck, serviceSpec, TASK_LABEL, type ServicePlan } from './service-spec';

const plan: ServicePlan = {
  installId: 'abcdef123456',
  name: 'slipway-abcdef-web-prod',
  project: { id: 3, name: 'web', env: { A: '1', B: 'p' }, limits: { cpus: 0.5, memoryMb: 64 }, stopTimeoutSec: 10, restartPolicy: 'unless-stopped', run: { command: ['serve', '--port', '8080'] } },
  stage: { id: 7, name: 'prod', env: { B: 's' } },
  deployId: 42,
  tag: '1.2',
  digest: `sha256:${'c'.repeat(64)}`,
  imageRef: `localhost:5000/acme/web:1.2@sha256:${'c'.repeat(64)}`,
  containerPort: 8080,
  replicas: 3,
  healthcheck: serviceHealthcheck({ kind: 'http', path: '/health', timeoutMs: 10_000, anyStatus: false }, { containerPort: 8080, mode: 'http', imageHasHealthcheck: false }),
  mounts: [{ Type: 'bind', Source: '/data/v/p3/s7/db', Target: '/db', ReadOnly: false }, { Type: 'tmpfs', Target: '/tmp', ReadOnly: false }],
};

describe('the service spec', () => {
  const spec = serviceSpec(plan);
  const container = spec.TaskTemplate && 'ContainerSpec' in spec.TaskTemplate ? spec.TaskTemplate.ContainerSpec : undefined;

  it('runs the digest, so every node runs the same image', () => {
    expect(container?.Image).toBe(plan.imageRef);
  });

  it('has replicas, env (stage over project), limits, command and mounts', () => {
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(container?.Env).toEqual(['A=1', 'B=s']);
    expect(container?.Args).toEqual(['serve', '--port', '8080']);
    expect(spec.TaskTemplate?.Resources?.Limits).toEqual({ NanoCPUs: 500_000_000, MemoryBytes: 64 * 1024 * 1024 });
    expect(container?.Mounts).toEqual([
      { Type: 'bind', Source: '/data/v/p3/s7/db', Target: '/db', ReadOnly: false },
      { Type: 'tmpfs', Source: '', Target: '/tmp', ReadOnly: false },
    ]);
    expect(container?.StopGracePeriod).toBe(10e9);
  });

  it('publishes the container port in host mode with no fixed host port (not through the routing mesh)', () => {
    expect(spec.EndpointSpec?.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 8080, PublishMode: 'host' }]);
  });

  it('updates start-first, one task at a time, rolled back by Swarm on failure after a monitor period', () => {
    expect(spec.UpdateConfig).toMatchObject({ Order: 'start-first', FailureAction: 'rollback', Parallelism: 1, Monitor: 5e9, MaxFailureRatio: 0 });
    expect(spec.RollbackConfig).toMatchObject({ Order: 'start-first', FailureAction: 'pause' });
  });

  it("carries Slipway's labels on the service, and on the containers only a label the orphan sweep ignores", () => {
    expect(spec.Labels).toMatchObject({ 'slipway.install': 'abcdef123456', 'slipway.stage': '7', 'slipway.deploy': '42', 'slipway.tag': '1.2' });
    expect(container?.Labels).toEqual({ [TASK_LABEL]: 'abcdef123456:7' });
  });
});

describe('the health check as the service healthcheck', () => {
  const o = { containerPort: 8080, mode: 'http' as const, imageHasHealthcheck: false };
  it('probes the HTTP path inside the task, with the health timeout as start period', () => {
    const h = serviceHealthcheck({ kind: 'http', path: "/it's", timeoutMs: 7_000, anyStatus: false }, o);
    expect(h?.Test?.[0]).toBe('CMD-SHELL');
    expect(h?.Test?.[1]).toContain(`wget -q -O /dev/null 'http://127.0.0.1:8080/it'\\''s'`);
    expect(h).toMatchObject({ Interval: 1e9, Retries: 3, StartPeriod: 7e9 });
  });
  it('checks the port for tcp, and keeps the image HEALTHCHECK for docker and running', () => {
    expect(serviceHealthcheck({ kind: 'tcp', timeoutMs: 1000 }, o)?.Test?.[1]).toBe('nc -z 127.0.0.1 8080 || exit 1');
    expect(serviceHealthcheck({ kind: 'docker', timeoutMs: 1000 }, o)).toBeNull();
    expect(serviceHealthcheck({ kind: 'running', forMs: 1000 }, o)).toBeNull();
    expect(serviceHealthcheck(null, { ...o, imageHasHealthcheck: true })).toBeNull();
    expect(serviceHealthcheck(null, { ...o, mode: 'tcp' })?.Test?.[1]).toMatch(/^nc -z/);
  });
});

describe('service names', () => {
  it('are unique per installation and stage, and at most 63 characters', () => {
    expect(defaultServiceName('abcdef123456', 'web', 'prod')).toBe('slipway-abcdef-web-prod');
    const long = defaultServiceName('abcdef123456', 'x'.repeat(63), 'prod');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/);
  });
});
