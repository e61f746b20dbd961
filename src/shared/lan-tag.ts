/**
 * How one Tonghwa app asks another on its network "do you have this room (or this personal code)?" without
 * saying the code, and how the other proves it does. Plain WebCrypto: the app's main process and the server
 * both use it.
 *
 * From the code and the asked app's salt (random per start, in its announcement), PBKDF2-SHA-256 derives 16
 * bytes: the first 8 are the question (`ask`), the last 8 the answer (`answer`). The asker sends `ask`; an app
 * that has the code computes the same and answers with `answer`, which the asker checks. So:
 * - a neighbour that announces itself learns no code from the questions it is sent, unless it searches the
 *   whole code space through PBKDF2 for its own salt (docs/security.md has the arithmetic);
 * - a neighbour that answers "yes" to every question cannot produce `answer`, so it is never sent a `join`
 *   (which does carry the code) for a room it does not have.
 */
import type { RoomCode } from './room-code'

/**
 * PBKDF2 rounds. Each lookup costs the asker one derivation per app on the network (about 10 ms here), and
 * multiplies the cost of searching the 2^50 room codes offline by this much.
 */
export const LAN_TAG_ITERATIONS = 20_000
const CONTEXT = 'tonghwa-lan-v1:'
const TAG_PATTERN = /^[A-Za-z0-9_-]{11}$/

export interface LanTags {
  ask: string
  answer: string
}

export async function lanTags(code: RoomCode, salt: string, iterations = LAN_TAG_ITERATIONS): Promise<LanTags> {
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', encoder.encode(code), 'PBKDF2', false, ['deriveBits'])
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(CONTEXT + salt), iterations }, key, 128))
  return { ask: base64url(bits.subarray(0, 8)), answer: base64url(bits.subarray(8, 16)) }
}

export function isLanTag(value: unknown): value is string {
  return typeof value === 'string' && TAG_PATTERN.test(value)
}

/** A fresh salt for an app's announcement: 16 random bytes. */
export function generateLanSalt(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)))
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
