import type { SafeStorageLike } from '../../core/disclosures/keychain.ts';

/** Stands in for Electron's safeStorage (the OS boundary): a reversible scrambling, so a file never holds a secret as typed. */
export function fakeSafeStorage(backend = 'keychain'): SafeStorageLike {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    encryptString: (t) => Buffer.concat([Buffer.from('SAFE'), flip(Buffer.from(t, 'utf8'))]),
    decryptString: (b) => {
      if (!b.subarray(0, 4).equals(Buffer.from('SAFE'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return flip(b.subarray(4)).toString('utf8');
    },
    getSelectedStorageBackend: () => backend,
  };
}
