import type { VolumeEntry } from '../../preload/contract/volumes';

/**
 * The engine's archive API reports Go `os.FileMode` bits; the type bits sit above bit 31 of a
 * JavaScript bitwise int, so they are read arithmetically.
 */
const bit = (mode: number, n: number): boolean => Math.floor(mode / 2 ** n) % 2 === 1;

export function kindFromGoMode(mode: number): VolumeEntry['kind'] {
  if (bit(mode, 31)) return 'dir';
  if (bit(mode, 27)) return 'symlink';
  // device, named pipe, socket, char device, irregular
  if ([26, 25, 24, 21, 19].some((n) => bit(mode, n))) return 'other';
  return 'file';
}
