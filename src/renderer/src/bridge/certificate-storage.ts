/**
 * Where the page keeps its DTLS certificate and its identity key: IndexedDB, because an `RTCCertificate` and a
 * `CryptoKey` can be stored there as they are (both are structured-cloneable) and their private keys never
 * become readable to the page. The same in Electron
 * (the window's own storage under the app's profile) and in web mode (this browser profile, this origin).
 */
import type { IdentityKeyStorage } from '../call/identity-key'
import type { CertificateStorage } from '../call/local-certificate'

const DATABASE = 'tonghwa-keys'
const STORE = 'certificates'
const KEY = 'dtls'
/** The identity key pair (call/identity-key.ts), a `CryptoKeyPair` whose private key is not extractable. */
const IDENTITY_KEY = 'identity'

export function indexedDbCertificateStorage(indexedDb: IDBFactory): CertificateStorage<RTCCertificate> {
  const run = transactions(indexedDb)
  return {
    load: async () => {
      const found: unknown = await run('readonly', (store) => store.get(KEY))
      return found instanceof RTCCertificate ? found : null
    },
    save: async (certificate) => {
      await run('readwrite', (store) => store.put(certificate, KEY))
    },
  }
}

export function indexedDbIdentityStorage(indexedDb: IDBFactory): IdentityKeyStorage {
  const run = transactions(indexedDb)
  return {
    load: async () => {
      const found: unknown = await run('readonly', (store) => store.get(IDENTITY_KEY))
      if (typeof found !== 'object' || found === null) return null
      const { privateKey, publicKey } = found as { privateKey?: unknown; publicKey?: unknown }
      return privateKey instanceof CryptoKey && publicKey instanceof CryptoKey ? { privateKey, publicKey } : null
    },
    save: async (pair) => {
      await run('readwrite', (store) => store.put({ privateKey: pair.privateKey, publicKey: pair.publicKey }, IDENTITY_KEY))
    },
  }
}

function transactions(indexedDb: IDBFactory) {
  const open = (): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const request = indexedDb.open(DATABASE, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(STORE)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  const run = async <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open()
    try {
      return await new Promise<T>((resolve, reject) => {
        const transaction = db.transaction(STORE, mode)
        const request = act(transaction.objectStore(STORE))
        // Resolved on the transaction's completion, so a saved certificate is on disk before it is used.
        transaction.oncomplete = () => resolve(request.result)
        transaction.onerror = () => reject(transaction.error)
        transaction.onabort = () => reject(transaction.error)
      })
    } finally {
      db.close()
    }
  }
  return run
}
