/**
 * The server's half of personal codes (src/shared/personal-code.ts): it hashes the secret a client registers
 * with, so the code a connection is reachable on is always the one its secret proves, and nothing is stored.
 */
import { createHash } from 'node:crypto'
import { personalCodeFromDigest, type PersonalSecret } from '../shared/personal-code'
import type { RoomCode } from '../shared/room-code'

export function derivePersonalCode(secret: PersonalSecret): RoomCode {
  return personalCodeFromDigest(createHash('sha256').update(secret, 'utf8').digest())
}

/** The secret's full digest: what a code is bound to (code-bindings.ts). Unlike the 45-bit code, it cannot be
 * searched for. */
export function secretFingerprint(secret: PersonalSecret): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url')
}
