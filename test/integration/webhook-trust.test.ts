import { afterEach, describe, expect, it } from 'vitest';
import { parseWebhook, type TagEvent } from '../../main/inbound-webhook/parse';
import { dockerHubBody, giteaHeaders, giteaPackageBody } from '../fixtures/webhook-bodies';
import { RegistryRepo } from '../../main/registry-logins/registry-repo';
import { requireEngine } from '../rig/engine-available';
import { digestOf, githubPackage, hubSignature, pushTinyImage, startHarness, type Harness } from './webhook-support';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});
const harness = async (...args: Parameters<typeof startHarness>): Promise<Harness> => (h = await startHarness(...args));
const GH_SECRET = 'gh-signing-secret-0xb33f';
const uniq = (): string => `${String(Date.now() % 1_000_000)}-${String(Math.floor(Math.random() * 1000))}`;
const projectsFor = (x: Harness, image: string): number => (x.db.prepare('SELECT count(*) AS n FROM projects WHERE image = ?').get(image) as { n: number }).n;

describe('webhook intake: a signature cannot be sidestepped by choosing a vendor', () => {
  it('refuses the same unsigned deploy read as generic, Gitea or Docker Hub once a GitHub secret is set: 401, recorded, nothing queued', async () => {
    const x = await harness();
    await x.detection.handlers['webhook.setSecret']({ kind: 'github', secret: GH_SECRET });
    x.addProject('ghcr.io/acme/web', [{ name: 'dev' }], 'web');
    const giteaBody = giteaPackageBody({ version: 'v7' });
    const giteaOutcome = parseWebhook({ headers: giteaHeaders('', 'package'), body: Buffer.from(JSON.stringify(giteaBody)) }).outcome;
    const giteaEvent = giteaOutcome.kind === 'events' ? (giteaOutcome.events[0] as TagEvent | undefined) : undefined;
    x.addProject(`${giteaEvent?.registry ?? ''}/${giteaEvent?.repository ?? ''}`, [{ name: 'dev' }], 'gitea-web');
    x.addProject('docker.io/acme/web', [{ name: 'dev' }], 'hub-web');

    const generic = await x.post({ image: `ghcr.io/acme/web:v6@${digestOf('6')}` });
    const gitea = await x.post(giteaBody, giteaHeaders('', 'package') as Record<string, string>);
    const hub = await x.post(dockerHubBody({ tag: 'v3' }));
    const auto = await x.post({ image: `localhost:5000/it-trust/sidestep-${uniq()}:v1` });
    for (const r of [generic, gitea, hub, auto]) {
      expect(r.status).toBe(401);
      expect(String(r.json['error'])).toMatch(/unsigned .* refused: a signing secret is set \(github\)/);
    }
    expect(x.deploys).toEqual([]);
    expect((x.db.prepare("SELECT count(*) AS n FROM projects WHERE image LIKE 'localhost:5000/it-trust/sidestep-%'").get() as { n: number }).n).toBe(0);
    const list = (await x.detection.handlers['deliveries.list']({ limit: 10 })).deliveries;
    expect(list.map((d) => [d.vendor, d.verdict, d.status, d.signature])).toEqual([
      ['generic', 'unauthorized', 401, 'missing'],
      ['dockerhub', 'unauthorized', 401, 'missing'],
      ['gitea', 'unauthorized', 401, 'missing'],
      ['generic', 'unauthorized', 401, 'missing'],
    ]);

    // A properly signed GitHub delivery still deploys.
    const pkg = githubPackage({ tag: 'v1', digest: digestOf('1') });
    const signed = await x.post(pkg.body, { ...pkg.headers, 'x-hub-signature-256': hubSignature(GH_SECRET, pkg.body) });
    expect(signed.status).toBe(202);
    expect(x.deploys).toHaveLength(1);
  });

  it('accepts unsigned Docker Hub deliveries only once the user allows them, and only from Docker Hub', async () => {
    const x = await harness();
    await x.detection.handlers['webhook.setSecret']({ kind: 'github', secret: GH_SECRET });
    x.addProject('docker.io/acme/web', [{ name: 'dev' }], 'hub-web');
    x.setSettings({ acceptUnsigned: ['dockerhub'] });
    const hub = await x.post(dockerHubBody({ tag: 'v3' }));
    expect(hub.status).toBe(202);
    expect(x.deploys.map((d) => d.tag)).toEqual(['v3']);
    expect((await x.post({ image: `docker.io/acme/web:v4@${digestOf('4')}` })).status).toBe(401);
    expect(x.deploys).toHaveLength(1);
  });

  it('keeps accepting unsigned deliveries while no signing secret is set (the secret URL is the credential)', async () => {
    const x = await harness();
    x.addProject('ghcr.io/acme/web', [{ name: 'dev' }], 'web');
    expect((await x.post({ image: `ghcr.io/acme/web:v6@${digestOf('6')}` })).status).toBe(202);
    expect(x.deploys).toHaveLength(1);
  });
});

describe('webhook intake: auto-create needs trust, and an image that exists', () => {
  it('does not create a project for an unsigned delivery naming an untrusted registry, and says why', async () => {
    const x = await harness();
    // Without a dot or port the first part is a Docker Hub namespace: docker.io is not trusted by default.
    const r = await x.post({ image: 'anyhost/attacker/evil:latest' });
    expect(r.status).toBe(202);
    expect(projectsFor(x, 'docker.io/anyhost/attacker/evil')).toBe(0);
    const rec = await x.detection.handlers['deliveries.get']({ id: r.json['delivery'] as number });
    expect(rec.reason).toMatch(/^unknown image, not created: the delivery is unsigned and registry docker.io is not trusted/);
    expect(rec.events[0]).toMatchObject({ created: null, matches: [], note: expect.stringMatching(/^unknown image, not created/) });
    const other = await x.post({ image: 'evil.example:5000/attacker/evil:latest' });
    expect(projectsFor(x, 'evil.example:5000/attacker/evil')).toBe(0);
    expect((await x.detection.handlers['deliveries.get']({ id: other.json['delivery'] as number })).reason).toMatch(/registry evil\.example:5000 is not trusted/);
    expect(x.events.some((e) => e.type === 'project.auto-created')).toBe(false);
  });

  it('creates nothing when the image is not in its registry (a typo), recording why', async () => {
    const engine = requireEngine();
    if (!engine.available) return;
    const x = await harness();
    const repo = `${engine.registry}/it-trust/typo-${uniq()}`;
    const r = await x.post({ image: `${repo}:v1` });
    expect(r.status).toBe(202);
    expect(projectsFor(x, repo)).toBe(0);
    const rec = await x.detection.handlers['deliveries.get']({ id: r.json['delivery'] as number });
    expect(rec.reason).toMatch(/^image not found in registry, no project created/);
    expect(rec.events[0]).toMatchObject({ created: null, matches: [], note: expect.stringMatching(/^image not found in registry, no project created/) });
    expect(x.deploys).toEqual([]);
  });

  it('creates the project for an image in a trusted registry once its manifest is found', async () => {
    const engine = requireEngine();
    if (!engine.available) return;
    const x = await harness();
    const repo = `${engine.registry}/it-trust/found-${uniq()}`;
    const digest = await pushTinyImage(engine.registry, repo.slice(engine.registry.length + 1), 'v1', { expose: 8088 });
    const r = await x.post({ image: `${repo}:v1` });
    expect(r.status).toBe(202);
    expect(x.db.prepare('SELECT port FROM projects WHERE image = ?').get(repo)).toEqual({ port: 8088 });
    expect(x.deploys).toMatchObject([{ tag: 'v1', digest }]);
  });

  it('trusts registries saved in Settings → Registries and signed deliveries; not an emptied allow-list', async () => {
    const engine = requireEngine();
    if (!engine.available) return;
    const x = await harness({ settings: { autoCreateRegistries: [] } });
    const path = `it-trust/saved-${uniq()}`;
    const repo = `${engine.registry}/${path}`;
    await pushTinyImage(engine.registry, path, 'v1');
    await pushTinyImage(engine.registry, path, 'v2');

    const refused = await x.post({ image: `${repo}:v1` });
    expect(refused.status).toBe(202);
    expect(projectsFor(x, repo)).toBe(0);

    // Signed by the generic secret: trusted whatever the registry.
    await x.detection.handlers['webhook.setSecret']({ kind: 'generic', secret: 'Bearer generic-token-42' });
    const signedRepo = `${engine.registry}/it-trust/signed-${uniq()}`;
    await pushTinyImage(engine.registry, signedRepo.slice(engine.registry.length + 1), 'v1');
    expect((await x.post({ image: `${signedRepo}:v1` }, { authorization: 'Bearer generic-token-42' })).status).toBe(202);
    expect(projectsFor(x, signedRepo)).toBe(1);
    await x.detection.handlers['webhook.setSecret']({ kind: 'generic', secret: null });

    new RegistryRepo(x.db).upsert(engine.registry, 'someone', 'sealed:unused', Date.now());
    // (Another tag: the same body again within minutes would be a repeat.)
    expect((await x.post({ image: `${repo}:v2` })).status).toBe(202);
    expect(projectsFor(x, repo)).toBe(1);
  });
});
