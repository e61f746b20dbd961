/**
 * Personal codes: the number a Tonghwa installation can be called on, like a phone number.
 *
 * Each installation keeps a random secret (32 bytes from the platform CSPRNG, base64url without padding: 43
 * characters). Its personal code is derived from the secret, never chosen: the first 45 bits of
 * SHA-256(secret), as 9 Crockford base32 characters, plus the Luhn mod 32 check character room codes use. So
 * a personal code has the room-code format (`parseRoomCode` checks what people type), only whoever holds the
 * secret can register the code with the server, and the server needs to store nothing to know that.
 *
 * What is hashed is the secret's 43 ASCII characters, not the bytes they encode, so each side hashes with the
 * crypto it has and no base64 decoder is needed:
 *   Node:      createHash('sha256').update(secret).digest()
 *   Browsers:  new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)))
 * then `personalCodeFromDigest(digest)`. This module stays pure (no hashing) so it runs anywhere.
 *
 * Regenerating the code means a new secret: the old code then belongs to nobody.
 */
import { ROOM_CODE_ALPHABET, roomCodeFromBody, type RoomCode } from './room-code'

declare const personalSecretBrand: unique symbol
/** A validated personal secret. Never logged, never shown, never sent anywhere but in `register`. */
export type PersonalSecret = string & { readonly [personalSecretBrand]: true }

export const PERSONAL_SECRET_BYTES = 32
export const PERSONAL_SECRET_LENGTH = 43
export const SHA256_DIGEST_BYTES = 32

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/**
 * 43 base64url characters carry 258 bits; 32 bytes fill 256, so the last character's two low bits are zero.
 * Requiring that makes every accepted secret the one canonical spelling of 32 bytes.
 */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/
const BODY_LENGTH = 9
const BITS_PER_CHARACTER = 5

/** True for a canonical personal secret: 32 bytes as 43 base64url characters, no padding. */
export function isPersonalSecret(value: unknown): value is PersonalSecret {
  return typeof value === 'string' && SECRET_PATTERN.test(value)
}

/** A fresh secret, for a new installation or when a person regenerates their code. */
export function generatePersonalSecret(): PersonalSecret {
  const bytes = new Uint8Array(PERSONAL_SECRET_BYTES)
  globalThis.crypto.getRandomValues(bytes)
  let text = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 6) {
      bits -= 6
      text += BASE64URL[(buffer >> bits) & 0x3f]
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) text += BASE64URL[(buffer << (6 - bits)) & 0x3f]
  return text as PersonalSecret
}

/**
 * The personal code for a SHA-256 digest of a secret (see the module comment for what is hashed): its first
 * 45 bits, most significant first, as 9 Crockford base32 characters, then the check character.
 * Throws a `RangeError` unless `digest` is 32 bytes.
 */
export function personalCodeFromDigest(digest: Uint8Array): RoomCode {
  if (digest.length !== SHA256_DIGEST_BYTES) {
    throw new RangeError(`a SHA-256 digest has ${SHA256_DIGEST_BYTES} bytes, got ${digest.length}`)
  }
  let body = ''
  for (let index = 0; index < BODY_LENGTH; index++) {
    body += ROOM_CODE_ALPHABET[readBits(digest, index * BITS_PER_CHARACTER, BITS_PER_CHARACTER)]
  }
  return roomCodeFromBody(body)
}

/** `count` bits of `bytes` from bit `offset`, where bit 0 is the most significant bit of byte 0. */
function readBits(bytes: Uint8Array, offset: number, count: number): number {
  let value = 0
  for (let bit = offset; bit < offset + count; bit++) {
    value = (value << 1) | ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1)
  }
  return value
}
