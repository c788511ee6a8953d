/**
 * The app in a child process for the static-site tests: starts Slipway on a data directory, deploys one
 * ref on a stage, prints the answer, then keeps running until it is killed.
 * Usage: node --import tsx static-child.ts <dataDir> <stageId> <ref>
 */
import { createApp } from '../../main/app';

const [dataDir, stageId, ref] = process.argv.slice(2);
if (!dataDir || !stageId || !ref) throw new Error('usage: static-child.ts <dataDir> <stageId> <ref>');
const app = createApp({ dataDir, mode: 'headless', version: '0.0.0-test', webhookPort: 0 });
await app.start();
const r = await app.dispatch('stages.deploy', { stageId: Number(stageId), ref, wait: true });
process.stdout.write(`${JSON.stringify(r)}\n`);
setInterval(() => undefined, 60_000);
