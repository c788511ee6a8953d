import { describe, expect, it } from 'vitest';
import { type KeyFileFs, KeyFileBox } from './key-file-box';
import { layeredBox, type SecretBox, SecretBoxError, sealedKind } from './secret-box';

interface MemFile {
  content: string;
  mode: number;
  uid: number;
}

/** An in-memory file system: the box's behaviour without touching the disk. */
function memFs(uid = 1000): KeyFileFs & { files: Map<string, MemFile>; creates: number } {
  const files = new Map<string, MemFile>();
  const mem = {
    files,
    creates: 0,
    stat: (file: string) => {
      const f = files.get(file);
      return f ? { mode: f.mode, uid: f.uid, isFile: true } : null;
    },
    read: (file: string) => {
      const f = files.get(file);
      if (!f) throw new Error(`ENOENT ${file}`);
      return f.content;
    },
    createExclusive: (file: string, content: string, mode: number) => {
      mem.creates++;
      if (files.has(file)) return false;
      files.set(file, { content, mode, uid });
      return true;
    },
  };
  return mem;
}

const KEY = '/data/secret.key';
const box = (fs: KeyFileFs, uid: number | null = 1000): KeyFileBox => new KeyFileBox(KEY, { fs, checkMode: true, uid });

function thrown(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SecretBoxError) return e;
    throw e;
  }
  throw new Error('expected a SecretBoxError');
}

/** Flips one bit of the decoded payload at `index` (negative: from the end). */
function flip(sealed: string, index: number): string {
  const colon = sealed.indexOf(':') + 1;
  const raw = Buffer.from(sealed.slice(colon), 'base64');
  const i = index < 0 ? raw.length + index : index;
  raw[i] = (raw[i] ?? 0) ^ 0x01;
  return sealed.slice(0, colon) + raw.toString('base64');
}

describe('KeyFileBox', () => {
  it('round-trips secrets, including empty and non-ASCII ones', () => {
    const b = box(memFs());
    for (const secret of ['s3cret:with-colon', '', 'pässwörd 🔑', 'x'.repeat(5000)]) {
      const sealed = b.encrypt(secret);
      expect(sealed.startsWith('key-file.v1:')).toBe(true);
      expect(sealed).not.toContain(secret === '' ? 'never-matches' : secret);
      expect(b.decrypt(sealed)).toBe(secret);
    }
  });

  it('seals the same secret differently each time (fresh nonce)', () => {
    const b = box(memFs());
    const a = b.encrypt('same');
    const c = b.encrypt('same');
    expect(a).not.toBe(c);
    expect(b.decrypt(a)).toBe('same');
    expect(b.decrypt(c)).toBe('same');
  });

  it('creates the key on first seal with mode 0600, and a second box on the same file opens what the first sealed', () => {
    const fs = memFs();
    const first = box(fs);
    const sealed = first.encrypt('hello');
    const file = fs.files.get(KEY);
    expect(file?.mode).toBe(0o600);
    expect(Buffer.from(file?.content.trim() ?? '', 'base64')).toHaveLength(32);
    expect(box(fs).decrypt(sealed)).toBe('hello');
    expect(fs.creates).toBe(1);
  });

  it('uses the key another process created at the same moment', () => {
    const fs = memFs();
    const other = box(fs);
    const racing: KeyFileFs = {
      ...fs,
      // The file appears between our stat and our create: create answers false, and the existing key is used.
      createExclusive: (file, content, mode) => {
        other.encrypt('warm-up');
        return fs.createExclusive(file, content, mode);
      },
    };
    const sealed = box(racing).encrypt('raced');
    expect(other.decrypt(sealed)).toBe('raced');
  });

  it('detects tampering with the nonce, the tag or the ciphertext', () => {
    const b = box(memFs());
    const sealed = b.encrypt('do not touch');
    for (const at of [0, 11, 12, 27, 28, -1]) {
      expect(thrown(() => b.decrypt(flip(sealed, at))).message).toMatch(/does not match the key file .*enter it again/);
    }
    expect(thrown(() => b.decrypt(sealed.slice(0, 20))).message).toMatch(/damaged|does not match/);
    expect(thrown(() => b.decrypt('key-file.v1:%%%')).message).toMatch(/damaged/);
  });

  it('cannot open a value sealed with another key', () => {
    const sealed = box(memFs()).encrypt('mine');
    const other = box(memFs());
    other.encrypt('own key');
    expect(thrown(() => other.decrypt(sealed)).message).toMatch(/does not match the key file/);
  });

  it('says who sealed a value it cannot open', () => {
    const b = box(memFs());
    b.encrypt('x'); // make a key
    expect(thrown(() => b.decrypt('safe-storage.v1:AAAA')).message).toMatch(/sealed by the desktop app .*enter it again/);
    expect(thrown(() => b.decrypt('plain text password')).message).toMatch(/not in a form Slipway recognises/);
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o666, 0o700 | 0o004])('refuses a key file with mode %o and says how to fix it', (mode) => {
    const fs = memFs();
    const sealed = box(fs).encrypt('secret');
    const file = fs.files.get(KEY);
    if (!file) throw new Error('no key file');
    file.mode = mode;
    const b = box(fs);
    const e = thrown(() => b.decrypt(sealed));
    expect(e.message).toContain(`refuses to use the key file ${KEY}`);
    expect(e.message).toContain(`chmod 600 ${KEY}`);
    expect(thrown(() => b.encrypt('more')).message).toContain('chmod 600');
    // Fixed while running: the next use works, nothing was cached from the failure.
    file.mode = 0o600;
    expect(b.decrypt(sealed)).toBe('secret');
  });

  it('accepts owner-only modes', () => {
    for (const mode of [0o600, 0o400]) {
      const fs = memFs();
      const sealed = box(fs).encrypt('ok');
      const file = fs.files.get(KEY);
      if (file) file.mode = mode;
      expect(box(fs).decrypt(sealed)).toBe('ok');
    }
  });

  it('refuses a key file that belongs to another user', () => {
    const fs = memFs(0);
    fs.createExclusive(KEY, `${Buffer.alloc(32, 7).toString('base64')}\n`, 0o600);
    expect(thrown(() => box(fs, 1000).encrypt('x')).message).toMatch(/belongs to user id 0, not to the user running Slipway \(1000\).*chown 1000/);
  });

  it('does not check modes where they mean nothing', () => {
    const fs = memFs();
    fs.createExclusive(KEY, `${Buffer.alloc(32, 7).toString('base64')}\n`, 0o666);
    const b = new KeyFileBox(KEY, { fs, checkMode: false, uid: null });
    expect(b.decrypt(b.encrypt('win'))).toBe('win');
  });

  it('refuses a damaged key file and never replaces it', () => {
    const fs = memFs();
    fs.createExclusive(KEY, 'not a key\n', 0o600);
    expect(thrown(() => box(fs).encrypt('x')).message).toMatch(/key file \/data\/secret.key is damaged.*restore it from a backup/);
    expect(fs.files.get(KEY)?.content).toBe('not a key\n');
  });

  it('does not make a new key just to open a value: a missing key file is reported', () => {
    const fs = memFs();
    const sealed = box(fs).encrypt('lost');
    fs.files.delete(KEY);
    expect(thrown(() => box(fs).decrypt(sealed)).message).toMatch(/key file \/data\/secret.key is missing/);
    expect(fs.files.has(KEY)).toBe(false);
  });
});

describe('layeredBox', () => {
  const fake = (kind: string): SecretBox => ({
    kind,
    encrypt: (p) => `${kind}.v1:${Buffer.from(p).toString('base64')}`,
    decrypt: (s) => Buffer.from(s.slice(`${kind}.v1:`.length), 'base64').toString(),
  });

  it('seals with the primary box and opens values sealed by either', () => {
    const keyFile = box(memFs());
    const legacy = keyFile.encrypt('from serve');
    const layered = layeredBox(fake('safe-storage'), [keyFile]);
    const fresh = layered.encrypt('from desktop');
    expect(sealedKind(fresh)).toBe('safe-storage');
    expect(layered.kind).toBe('safe-storage');
    expect(layered.decrypt(fresh)).toBe('from desktop');
    expect(layered.decrypt(legacy)).toBe('from serve');
  });
});
