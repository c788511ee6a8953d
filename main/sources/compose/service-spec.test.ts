import { describe, expect, it } from 'vitest';
import { durationNs, serviceRun, splitWords } from './service-spec';

// What `docker-compose config` (v1) prints for a service, and the long forms v2 prints.
const V1 = {
  services: {
    web: {
      image: 'localhost:5000/acme/web:1',
      command: 'sh -c "echo hi; sleep 1"',
      environment: { A: '1', B: 'dev' },
      healthcheck: { test: ['CMD', 'true'], interval: '1s', retries: 3, timeout: '1m30s' },
      networks: { back: {}, default: { aliases: ['www'] } },
      volumes: ['data:/data:rw', '/srv/stack/rel:/rel:ro', '/tmp:/t:rw'],
      labels: { team: 'a' },
      user: '1000:1000',
      working_dir: '/app',
    },
  },
  networks: { back: { name: 'shared-back' } },
  volumes: { data: {} },
};

describe('serviceRun', () => {
  it('maps a v1 resolved service: env, command split like a shell, healthcheck in ns, mounts and networks named as Compose names them', () => {
    const r = serviceRun(V1, 'web', 'acme_dev', '/srv/stack');
    expect(r.env).toEqual({ A: '1', B: 'dev' });
    expect(r.cmd).toEqual(['sh', '-c', 'echo hi; sleep 1']);
    expect(r.entrypoint).toBeNull();
    expect(r.healthcheck).toEqual({ Test: ['CMD', 'true'], Interval: 1e9, Timeout: 90e9, Retries: 3 });
    expect(r.mounts).toEqual([
      { Type: 'volume', Source: 'acme_dev_data', Target: '/data', ReadOnly: false },
      { Type: 'bind', Source: '/srv/stack/rel', Target: '/rel', ReadOnly: true },
      { Type: 'bind', Source: '/tmp', Target: '/t', ReadOnly: false },
    ]);
    expect(r.networks).toEqual([
      { key: 'back', name: 'shared-back', aliases: ['web'] },
      { key: 'default', name: 'acme_dev_default', aliases: ['web', 'www'] },
    ]);
    expect([r.user, r.workingDir, r.labels]).toEqual(['1000:1000', '/app', { team: 'a' }]);
  });

  it('maps v2 long forms: list env, list command, long volumes, a string healthcheck, no networks means the default one', () => {
    const v2 = {
      services: {
        api: {
          environment: ['X=1', 'EMPTY=', 'UNSET'],
          command: ['serve', '--port', '80'],
          entrypoint: '/bin/run',
          volumes: [{ type: 'volume', source: 'cache', target: '/c' }, { type: 'bind', source: './conf', target: '/conf', read_only: true }, { type: 'tmpfs', target: '/tmp' }],
          healthcheck: { test: 'wget -q localhost', start_period: '500ms' },
        },
      },
      volumes: { cache: { external: true } },
    };
    const r = serviceRun(v2, 'api', 's_p', '/d');
    expect(r.env).toEqual({ X: '1', EMPTY: '' });
    expect(r.cmd).toEqual(['serve', '--port', '80']);
    expect(r.entrypoint).toEqual(['/bin/run']);
    expect(r.mounts).toEqual([
      { Type: 'volume', Source: 'cache', Target: '/c', ReadOnly: false },
      { Type: 'bind', Source: '/d/conf', Target: '/conf', ReadOnly: true },
      { Type: 'tmpfs', Source: '', Target: '/tmp', ReadOnly: false },
    ]);
    expect(r.healthcheck).toEqual({ Test: ['CMD-SHELL', 'wget -q localhost'], StartPeriod: 5e8 });
    expect(r.networks).toEqual([{ key: 'default', name: 's_p_default', aliases: ['api'] }]);
  });

  it('drops a disabled healthcheck and refuses a service the file does not have', () => {
    expect(serviceRun({ services: { a: { healthcheck: { disable: true } } } }, 'a', 's', '/').healthcheck).toBeNull();
    expect(serviceRun({ services: { a: { healthcheck: { test: ['NONE'] } } } }, 'a', 's', '/').healthcheck).toBeNull();
    expect(() => serviceRun({ services: {} }, 'a', 's', '/')).toThrow(/no service "a"/);
  });
});

describe('splitWords and durationNs', () => {
  it('splits on blanks outside quotes and keeps empty quoted words', () => {
    expect(splitWords(`a  'b c' "d \\"e\\"" f\\ g ''`)).toEqual(['a', 'b c', 'd "e"', 'f g', '']);
  });

  it('reads compose durations and refuses anything else', () => {
    expect(durationNs('1h2m3s')).toBe(3723e9);
    expect(durationNs('250ms')).toBe(250e6);
    expect(durationNs(2)).toBe(2e9);
    expect(durationNs('soon')).toBeNull();
  });
});
