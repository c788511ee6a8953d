import { RigUnavailableError } from './engine';
import { demoMain } from './demo';

demoMain(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof RigUnavailableError) process.stderr.write(`slipway demo: ${error.message}\ninstall: ${error.install}\n`);
  else process.stderr.write(`slipway demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
