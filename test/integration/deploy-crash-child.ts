/**
 * The app in a child process for the crash tests: starts Slipway on a data directory, asks for one
 * deploy and waits for it. With SLIPWAY_CRASH_AT set it kills itself at that point of the deploy.
 * Usage: node --import tsx deploy-crash-child.ts <dataDir> <stageId> <tag>
 */
import { createApp } from '../../main/app';

const [dataDir, stageId, tag] = process.argv.slice(2);
if (!dataDir || !stageId || !tag) throw new Error('usage: deploy-crash-child.ts <dataDir> <stageId> <tag>');
const app = createApp({ dataDir, mode: 'headless', version: '0.0.0-test', webhookPort: 0 });
await app.start();
const r = await app.dispatch('stages.deploy', { stageId: Number(stageId), tag, wait: true });
process.stdout.write(`${JSON.stringify(r)}\n`);
// The previous instance retires in the background: let that finish (or reach its crash point) first.
await app.deployments.deployer.retirer.idle();
await app.stop();
process.exit(r.ok ? 0 : 1);
