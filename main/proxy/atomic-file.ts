import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file so readers see either the old or the new content, never a torn one, even
 * across a crash: write a temp file next to it, flush it to disk, rename over, flush the dir.
 */
export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${String(process.pid)}.${String(Date.now())}.tmp`);
  const handle = await fs.open(tmp, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  // Makes the rename itself durable; not supported for directories on Windows.
  if (process.platform !== 'win32') {
    const dir = await fs.open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
