/**
 * Where the page keeps its DTLS certificate: IndexedDB, because an `RTCCertificate` can be stored there as it is
 * (it is structured-cloneable) and its private key never becomes readable to the page. The same in Electron
 * (the window's own storage under the app's profile) and in web mode (this browser profile, this origin).
 */
import type { CertificateStorage } from '../call/local-certificate'

const DATABASE = 'tonghwa-keys'
const STORE = 'certificates'
const KEY = 'dtls'

export function indexedDbCertificateStorage(indexedDb: IDBFactory): CertificateStorage<RTCCertificate> {
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
