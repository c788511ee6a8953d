import fs from 'node:fs';
import path from 'node:path';
import { withReference } from '../main/dispatch/api-docs';

// Regenerates the reference part of docs/api.md from the contract.
const file = path.resolve(import.meta.dirname, '..', 'docs', 'api.md');
fs.writeFileSync(file, withReference(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Slipway API\n'));
process.stdout.write(`wrote ${file}\n`);
