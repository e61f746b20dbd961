/**
 * Peer ids name one membership of one room. The server picks them, never the client, so a peer cannot
 * impersonate another by choosing its id.
 */
import type { PeerId } from '../shared/protocol'

/** Lower-case base32 (RFC 4648 "extended hex" order): 32 symbols, all matching `isPeerId`'s `[0-9a-z]`. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuv'
const LENGTH = 12

/** A fresh random peer id: 12 characters, 60 bits from the platform CSPRNG. */
export function generatePeerId(): PeerId {
  const bytes = new Uint8Array(LENGTH)
  globalThis.crypto.getRandomValues(bytes)
  // 32 divides 256, so `byte % 32` is uniform: no modulo bias.
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('') as PeerId
}
