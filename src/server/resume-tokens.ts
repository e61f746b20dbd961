/**
 * Resume tokens (`join.resume`): after a reconnect a client claims its old peer id back with the token `joined`
 * gave it, so a call whose media kept flowing goes on (docs/protocol.md, "Resuming a peer id after a reconnect").
 *
 * A token is a MAC, not a record: HMAC-SHA256 under the resume key of the room and the peer id, cut to 128 bits
 * (22 base64url characters, the format tokens always had). So a claim is granted exactly when its token verifies,
 * whatever this process remembers: after a restart with the same key, on another process of a cluster that shares
 * the key, after any number of joins. A token nobody computed under the key proves nothing and is refused
 * (docs/security.md, "Resume claims": the arithmetic).
 *
 * The key is the `resumeKey` option (`TONGHWA_RESUME_KEY`); without it, 32 random bytes drawn once per process,
 * so every server this process starts (an embedded server started again) shares them and none outlives it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { PeerId, ResumeToken } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'

/** Fewest characters a configured key may have: 32 random printable characters carry well over 128 bits. */
export const MIN_RESUME_KEY_CHARS = 32
/** Most characters a configured key may have (longer only costs an extra hash per token). */
export const MAX_RESUME_KEY_CHARS = 1_024

/** What every MAC covers first, so a token can never be mistaken for a MAC made for something else. */
const LABEL = 'tonghwa resume token v1'
const TOKEN_BYTES = 16

let processKey: Buffer | undefined

/** This process's own key, for servers started without `resumeKey`: random, drawn on first use, never stored. */
function processResumeKey(): Buffer {
  processKey ??= randomBytes(32)
  return processKey
}

/** Why `key` cannot be a resume key, or undefined when it can. Never quotes the key. */
export function resumeKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return 'resumeKey must be a string'
  if (key.length < MIN_RESUME_KEY_CHARS || key.length > MAX_RESUME_KEY_CHARS || !/^[\x21-\x7e]+$/.test(key)) {
    return `resumeKey must be ${MIN_RESUME_KEY_CHARS} to ${MAX_RESUME_KEY_CHARS} printable ASCII characters without spaces (e.g. \`openssl rand -base64 32\`)`
  }
  return undefined
}

export class ResumeTokens {
  readonly #key: Buffer

  /** `key`: the configured resume key (checked by `resolveOptions`); default this process's random one. */
  constructor(key?: string) {
    this.#key = key === undefined ? processResumeKey() : Buffer.from(key, 'utf8')
  }

  /** The token for `peerId` in `room`. The same inputs always give the same token: a granted claim keeps it. */
  issue(room: RoomCode, peerId: PeerId): ResumeToken {
    // Room codes and peer ids are fixed-length base32, and NUL separates them anyway: no two inputs read alike.
    const mac = createHmac('sha256', this.#key).update(`${LABEL}\0${room}\0${peerId}`, 'utf8').digest()
    return mac.subarray(0, TOKEN_BYTES).toString('base64url') as ResumeToken
  }

  /** Whether a claim on `peerId` in `room` with `token` may be granted: only when the token is that MAC. */
  allows(room: RoomCode, peerId: PeerId, token: ResumeToken): boolean {
    const expected = Buffer.from(this.issue(room, peerId), 'latin1')
    const given = Buffer.from(token, 'latin1')
    // Constant time, so timing does not tell a guesser how many leading characters were right.
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
}
