import type { Readable } from 'node:stream';
import type { VolumeEntry } from '../../preload/contract/volumes';

export interface EntryInfo {
  readonly kind: VolumeEntry['kind'];
  readonly size: number;
  readonly mtime: number;
}

export interface Listing {
  readonly entries: readonly VolumeEntry[];
  readonly truncated: boolean;
}

/** One opened copy of a volume. Paths are checked segments (see safe-path.ts); no method may leave the volume. */
export interface VolumeStore {
  list(dir: readonly string[]): Promise<Listing>;
  stat(path: readonly string[]): Promise<EntryInfo>;
  /** A file's bytes as a stream (never loaded whole). */
  read(file: readonly string[]): Promise<Readable>;
  /** A folder as a tar stream, for download. */
  readTar(dir: readonly string[]): Promise<Readable>;
  /** Writes a file from a stream; `size` is needed by stores that must frame it (tar). */
  write(file: readonly string[], body: Readable, size: number): Promise<void>;
  mkdir(dir: readonly string[]): Promise<void>;
  /** Bytes free for writing into this folder, or null when the store cannot tell (engine volumes). */
  freeBytes(dir: readonly string[]): Promise<number | null>;
  remove(path: readonly string[]): Promise<void>;
  /** Releases what opening the store took (e.g. a helper container). */
  close(): Promise<void>;
}

/** Listing limits, so a huge folder cannot stall the window. */
export const MAX_ENTRIES = 5000;
/** Files looked at when adding up a folder's size; beyond this the size is unknown (null). */
export const SIZE_BUDGET = 20_000;
