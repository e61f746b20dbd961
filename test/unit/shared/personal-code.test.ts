import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  generatePersonalSecret,
  isPersonalSecret,
  personalCodeFromDigest,
  PERSONAL_SECRET_LENGTH,
  type PersonalSecret,
} from '../../../src/shared/personal-code'
import { isRoomCode, parseRoomCode, ROOM_CODE_ALPHABET, type RoomCode } from '../../../src/shared/room-code'

/** The secret for the 32 bytes 0x00, 0x01, …, 0x1f: the worked example in docs/protocol.md. */
const EXAMPLE_SECRET = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64url') as PersonalSecret
const EXAMPLE_CODE = 'XA36MXBY93'

/** Hashes like the server and the main process: SHA-256 over the secret's characters. */
function codeOf(secret: string): RoomCode {
  return personalCodeFromDigest(createHash('sha256').update(secret).digest())
}

/** The same derivation written independently: the top 45 bits of the digest as a number, 5 bits a character. */
function expectedBody(secret: string): string {
  const top48 = BigInt(`0x${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`)
  const top45 = top48 >> 3n
  return Array.from({ length: 9 }, (_, i) => ROOM_CODE_ALPHABET[Number((top45 >> BigInt(5 * (8 - i))) & 31n)]).join('')
}

describe('personalCodeFromDigest', () => {
  it('derives the code of the worked example in docs/protocol.md', () => {
    expect(EXAMPLE_SECRET).toBe('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8')
    expect(codeOf(EXAMPLE_SECRET)).toBe(EXAMPLE_CODE)
  })

  it('takes the first 45 bits of SHA-256(secret), most significant first, and adds the room-code check character', () => {
    for (let i = 0; i < 200; i++) {
      const secret = generatePersonalSecret()
      const code = codeOf(secret)
      expect(code.slice(0, 9)).toBe(expectedBody(secret))
      expect(isRoomCode(code)).toBe(true)
      expect(parseRoomCode(code)).toEqual({ ok: true, code })
    }
  })

  it('gives the same code for the same secret and different codes for different secrets', () => {
    const secrets = Array.from({ length: 2_000 }, generatePersonalSecret)
    expect(secrets.map(codeOf)).toEqual(secrets.map(codeOf))
    expect(new Set(secrets.map(codeOf)).size).toBe(secrets.length)
  })

  it('reads bits across byte boundaries: an all-ones digest gives ZZZZZZZZZ, all zeros 000000000', () => {
    expect(personalCodeFromDigest(new Uint8Array(32).fill(0xff)).slice(0, 9)).toBe('ZZZZZZZZZ')
    expect(personalCodeFromDigest(new Uint8Array(32)).slice(0, 9)).toBe('000000000')
    // Bit 45 onwards must not leak in: only the 46th bit set still gives all zeros.
    const bit46 = new Uint8Array(32)
    bit46[5] = 0b0000_0100
    expect(personalCodeFromDigest(bit46).slice(0, 9)).toBe('000000000')
    const bit45 = new Uint8Array(32)
    bit45[5] = 0b0000_1000
    expect(personalCodeFromDigest(bit45).slice(0, 9)).toBe('000000001')
  })

  it('refuses anything but a 32-byte digest', () => {
    expect(() => personalCodeFromDigest(new Uint8Array(31))).toThrow(RangeError)
    expect(() => personalCodeFromDigest(new Uint8Array(64))).toThrow(RangeError)
  })
})

describe('isPersonalSecret', () => {
  it('accepts 32 bytes as 43 base64url characters', () => {
    expect(isPersonalSecret(EXAMPLE_SECRET)).toBe(true)
    expect(isPersonalSecret('A'.repeat(43))).toBe(true)
    expect(isPersonalSecret(Buffer.alloc(32, 0xff).toString('base64url'))).toBe(true)
  })

  it.each([
    ['padded', `${EXAMPLE_SECRET}=`],
    ['42 characters', EXAMPLE_SECRET.slice(0, 42)],
    ['44 characters', `${EXAMPLE_SECRET}A`],
    ['standard base64 with + and /', `${'+/'.repeat(21)}A`],
    ['a last character that encodes bits past the 32nd byte', `${'A'.repeat(42)}B`],
    ['with a space', ` ${EXAMPLE_SECRET.slice(1)}`],
    ['empty', ''],
    ['not a string', 42],
    ['undefined', undefined],
  ])('refuses a secret that is %s', (_name, value) => {
    expect(isPersonalSecret(value)).toBe(false)
  })
})

describe('generatePersonalSecret', () => {
  it('makes canonical secrets that decode to 32 bytes and encode back the same', () => {
    for (let i = 0; i < 500; i++) {
      const secret = generatePersonalSecret()
      expect(secret).toHaveLength(PERSONAL_SECRET_LENGTH)
      expect(isPersonalSecret(secret)).toBe(true)
      const bytes = Buffer.from(secret, 'base64url')
      expect(bytes).toHaveLength(32)
      expect(bytes.toString('base64url')).toBe(secret)
    }
  })

  it('makes distinct secrets', () => {
    expect(new Set(Array.from({ length: 5_000 }, generatePersonalSecret)).size).toBe(5_000)
  })
})
