import { describe, expect, it } from 'vitest';
import { locateStackVolume, parseStackFile, stackVolumeViews, type StackInput } from './stack-places';

const input: StackInput = {
  projectName: 'Shop',
  dataDir: '/d',
  file: {
    services: {
      web: { image: 'web', volumes: ['uploads:/srv/uploads', './conf:/etc/web:ro'] },
      db: { image: 'db', volumes: ['dbdata:/var/lib/db', 'uploads:/mnt/uploads', '/srv/shared:/shared', '../outside:/o', { type: 'tmpfs', target: '/run' }] },
    },
    volumes: { dbdata: {}, uploads: { name: 'team-uploads' } },
  },
  stages: [
    { id: 4, name: 'dev', engine: 'local', remote: false },
    { id: 5, name: 'prod', engine: 'local', remote: false },
  ],
};

describe('a compose stack\'s volumes in the browser', () => {
  const views = stackVolumeViews(input);

  it('lists named volumes and bind folders once each, with the services that mount them', () => {
    expect(views.map((v) => [v.service, v.target, v.scope, v.source, v.services])).toEqual([
      ['web', '/srv/uploads', 'named', 'uploads', ['web', 'db']],
      ['web', '/etc/web', 'stage', './conf', ['web']],
      ['db', '/var/lib/db', 'named', 'dbdata', ['db']],
      ['db', '/shared', 'absolute', '/srv/shared', ['db']],
      ['db', '/o', 'stage', '../outside', ['db']],
      ['db', '/run', 'ephemeral', null, ['db']],
    ]);
    expect(views[1]?.readOnly).toBe(true);
  });
  it('gives each stage its own copy, named as Compose names it', () => {
    const labels = (i: number) => views[i]?.places.map((p) => [p.label, p.stageId, p.browsable]);
    expect(labels(2)).toEqual([
      ['dev · Docker volume shop_dev_dbdata', 4, true],
      ['prod · Docker volume shop_prod_dbdata', 5, true],
    ]);
    // A volume with its own name: the same one in every stage.
    expect(views[0]?.places.map((p) => p.label)).toEqual(['dev · Docker volume team-uploads', 'prod · Docker volume team-uploads']);
    expect(labels(1)).toEqual([
      ['dev · /d/stacks/4/conf', 4, true],
      ['prod · /d/stacks/5/conf', 5, true],
    ]);
    expect(labels(3)).toEqual([['/srv/shared', null, true]]);
    expect(views[5]?.places[0]).toMatchObject({ browsable: false, reason: expect.stringMatching(/memory-only/) as unknown });
  });
  it('locates a copy by service, target and stage', () => {
    const at = (service: string, target: string, stageId?: number) => locateStackVolume(input, { projectId: 1, service, target, ...(stageId ? { stageId } : {}) });
    expect(at('db', '/var/lib/db', 5)).toEqual({ kind: 'named', name: 'shop_prod_dbdata', engine: 'local' });
    expect(at('db', '/mnt/uploads', 4)).toEqual({ kind: 'named', name: 'team-uploads', engine: 'local' });
    expect(at('web', '/etc/web', 4)).toEqual({ kind: 'dir', root: '/d/stacks/4/conf', absolute: true, home: '/d/stacks/4' });
    // Outside the stack folder: judged against the allowed roots (home does not contain it).
    expect(at('db', '/o', 4)).toEqual({ kind: 'dir', root: '/d/stacks/outside', absolute: true, home: '/d/stacks/4' });
    expect(at('db', '/shared')).toEqual({ kind: 'dir', root: '/srv/shared', absolute: true });
  });
  it('says what is missing', () => {
    expect(() => locateStackVolume(input, { projectId: 1, service: 'db', target: '/nope', stageId: 4 })).toThrow(/"db" mounts nothing at \/nope/);
    expect(() => locateStackVolume(input, { projectId: 1, service: 'db', target: '/var/lib/db' })).toThrow(/one copy per stage: choose a stage/);
    expect(() => locateStackVolume(input, { projectId: 1, service: 'db', target: '/run', stageId: 4 })).toThrow(/memory-only/);
  });
  it('reads the saved file with merge keys applied, and gives nothing for one that no longer parses', () => {
    const file = parseStackFile(['x-db: &db', '  volumes: ["dbdata:/data"]', 'services:', '  db:', '    <<: *db', '    image: db', 'volumes:', '  dbdata: {}', ''].join('\n'));
    expect(stackVolumeViews({ ...input, file }).map((v) => [v.service, v.target, v.places[0]?.label])).toEqual([['db', '/data', 'dev · Docker volume shop_dev_dbdata']]);
    expect(parseStackFile('services: [unclosed')).toBeNull();
  });
});
