/**
 * Room codes: short, easy to read aloud and type, hard to guess.
 *
 * A code is 10 characters of Crockford base32 (no I, L, O or U, so nothing is ambiguous when read aloud),
 * shown as `xxx-xxxx-xxx`. The first 9 characters are random (45 bits from the platform CSPRNG); the last is a
 * Luhn mod 32 check character, so any single mistyped character and most swapped neighbours are caught on
 * the spot ("that code has a typo") instead of sending the person into an empty room.
 *
 * Runs anywhere: it uses only `globalThis.crypto.getRandomValues` (browsers, Node ≥ 19, Electron).
 */

declare const roomCodeBrand: unique symbol
/** A validated, canonical room code: 10 upper-case Crockford base32 characters, no separators. */
export type RoomCode = string & { readonly [roomCodeBrand]: true }

export const ROOM_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const ROOM_CODE_LENGTH = 10
const RANDOM_LENGTH = ROOM_CODE_LENGTH - 1
const BASE = ROOM_CODE_ALPHABET.length

export type RoomCodeProblem = 'empty' | 'too-short' | 'too-long' | 'bad-character' | 'typo'

export type RoomCodeResult =
  | { ok: true; code: RoomCode }
  | { ok: false; problem: RoomCodeProblem; message: string }

const PROBLEM_MESSAGES: Record<RoomCodeProblem, string> = {
  empty: 'Enter a room code.',
  'too-short': `A room code has ${ROOM_CODE_LENGTH} characters, like 7KD-93QF-XZ5. This one is too short.`,
  'too-long': `A room code has ${ROOM_CODE_LENGTH} characters, like 7KD-93QF-XZ5. This one is too long.`,
  'bad-character': 'A room code uses only the digits 0–9 and the letters A–Z except I, L, O and U.',
  typo: 'That room code has a typo: check each character with the person who sent it.',
}

/** A fresh random room code. */
export function generateRoomCode(): RoomCode {
  // 256 is a multiple of 32, so `byte % 32` is uniform: no modulo bias.
  const bytes = new Uint8Array(RANDOM_LENGTH)
  globalThis.crypto.getRandomValues(bytes)
  return roomCodeFromBody(Array.from(bytes, (b) => ROOM_CODE_ALPHABET[b % BASE]).join(''))
}

/**
 * The code whose first 9 characters are `body`, completed with its check character. For codes whose body is
 * not random but derived (personal codes). Throws a `RangeError` unless `body` is 9 alphabet characters.
 */
export function roomCodeFromBody(body: string): RoomCode {
  if (body.length !== RANDOM_LENGTH || ![...body].every((char) => ROOM_CODE_ALPHABET.includes(char))) {
    throw new RangeError(`a room code body is ${RANDOM_LENGTH} characters of ${ROOM_CODE_ALPHABET}`)
  }
  return (body + checkCharacter(body)) as RoomCode
}

/**
 * What people type, made canonical: upper case; spaces, dashes, dots and underscores dropped; the letters
 * Crockford maps to digits (O→0, I and L→1) replaced. Does not validate.
 */
export function normalizeRoomCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

/** Normalizes and validates what a person typed (or a peer sent), with a specific message when it is wrong. */
export function parseRoomCode(input: unknown): RoomCodeResult {
  if (typeof input !== 'string') return problem('empty')
  const code = normalizeRoomCode(input)
  if (code.length === 0) return problem('empty')
  for (const char of code) {
    if (!ROOM_CODE_ALPHABET.includes(char)) return problem('bad-character')
  }
  if (code.length < ROOM_CODE_LENGTH) return problem('too-short')
  if (code.length > ROOM_CODE_LENGTH) return problem('too-long')
  const body = code.slice(0, RANDOM_LENGTH)
  if (checkCharacter(body) !== code[RANDOM_LENGTH]) return problem('typo')
  return { ok: true, code: code as RoomCode }
}

/** True for a canonical code (what the wire carries); no normalization. */
export function isRoomCode(value: unknown): value is RoomCode {
  return typeof value === 'string' && value === normalizeRoomCode(value) && parseRoomCode(value).ok
}

/** `7KD93QFXZ5` → `7KD-93QF-XZ5`, for display and copying. */
export function formatRoomCode(code: RoomCode): string {
  return `${code.slice(0, 3)}-${code.slice(3, 7)}-${code.slice(7)}`
}

function problem(kind: RoomCodeProblem): RoomCodeResult {
  return { ok: false, problem: kind, message: PROBLEM_MESSAGES[kind] }
}

/** Luhn mod N check character (N = 32): catches every single substitution and most adjacent swaps. */
function checkCharacter(body: string): string {
  let factor = 2
  let sum = 0
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ROOM_CODE_ALPHABET.indexOf(body[i]!)
    addend = Math.floor(addend / BASE) + (addend % BASE)
    sum += addend
    factor = factor === 2 ? 1 : 2
  }
  return ROOM_CODE_ALPHABET[(BASE - (sum % BASE)) % BASE]!
}
