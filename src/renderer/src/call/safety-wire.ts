/**
 * The frames of the safety check (safety-exchange.ts), as they travel on the call's `safety` data channel, and the
 * one validator for what arrives there: the other end may be anyone who got into the call, so every frame is
 * checked field by field and anything else is `null`, never an exception.
 */
import { isIdentityPublicKey, type IdentityPublicKey } from '../../../shared/identity-key'
import { isRecord } from '../../../shared/is-record'

export const SAFETY_WIRE_VERSION = 1
/** Far above the largest honest frame (a reveal with an identity is about 400 characters). */
export const MAX_SAFETY_FRAME_CHARS = 2_048
export const NONCE_BYTES = 32

export type SafetyFrame =
  /** H(nonce ‖ own certificate): sent first, before anything about the nonce is known to the other side. */
  | { readonly type: 'commit'; readonly commitment: Uint8Array }
  /**
   * The nonce, sent only once the other side's commitment is in; with the sender's identity key and its
   * signature over its own certificate and both commitments (null where the app keeps no identity key).
   */
  | { readonly type: 'reveal'; readonly nonce: Uint8Array; readonly identity: SignedIdentity | null }

export interface SignedIdentity {
  readonly key: IdentityPublicKey
  /** ECDSA P-256 with SHA-256, as WebCrypto makes it: r ‖ s, 64 bytes. */
  readonly signature: Uint8Array
}

export function encodeSafetyFrame(frame: SafetyFrame): string {
  if (frame.type === 'commit') return JSON.stringify({ v: SAFETY_WIRE_VERSION, type: 'commit', commitment: toBase64(frame.commitment) })
  const identity = frame.identity ? { key: frame.identity.key, signature: toBase64(frame.identity.signature) } : null
  return JSON.stringify({ v: SAFETY_WIRE_VERSION, type: 'reveal', nonce: toBase64(frame.nonce), identity })
}

/** The frame in `raw` (a data channel message), or null for anything malformed, oversized or of another version. */
export function parseSafetyFrame(raw: unknown): SafetyFrame | null {
  if (typeof raw !== 'string' || raw.length > MAX_SAFETY_FRAME_CHARS) return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return null
  }
  if (!isRecord(value)) return null
  const record = value
  if (record.v !== SAFETY_WIRE_VERSION) return null
  if (record.type === 'commit') {
    const commitment = fromBase64(record.commitment, 32)
    return commitment && Object.keys(record).length === 3 ? { type: 'commit', commitment } : null
  }
  if (record.type === 'reveal') {
    const nonce = fromBase64(record.nonce, NONCE_BYTES)
    if (!nonce || Object.keys(record).length !== 4) return null
    if (record.identity === null) return { type: 'reveal', nonce, identity: null }
    const identity = record.identity
    if (!isRecord(identity) || !isIdentityPublicKey(identity.key)) return null
    const signature = fromBase64(identity.signature, 64)
    return signature ? { type: 'reveal', nonce, identity: { key: identity.key, signature } } : null
  }
  return null
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Canonical base64 of exactly `length` bytes only (so one value has one spelling), else null. */
export function fromBase64(value: unknown, length: number): Uint8Array<ArrayBuffer> | null {
  if (typeof value !== 'string' || value.length !== Math.ceil(length / 3) * 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return null
  let binary: string
  try {
    binary = atob(value)
  } catch {
    return null
  }
  if (binary.length !== length) return null
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
  return toBase64(bytes) === value ? bytes : null
}
