/**
 * A bounded fuzz suite against the real standalone server, run as a child process so that a crash would show
 * as a dead process: malformed WebSocket frames over raw TCP, malformed and mutated JSON, floods of
 * connections and of messages from hundreds of clients. Every offender must get its stable code (an HTTP
 * refusal, an `error`, or a close code) while, in another room, a call keeps relaying its signals.
 *
 * Deterministic: a fixed seed drives every random choice, every count is bounded, and everything stays on
 * loopback. Clients come from many addresses (any 127.x.y.z is this machine on Linux), as a real flood would,
 * so the per-address limits are the defaults and still hold.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PeerId, ServerMessage } from '../../src/shared/protocol'
import { isSignalingErrorCode } from '../../src/shared/protocol'
import { generateRoomCode } from '../../src/shared/room-code'
import { SignalingErrorCode, SignalingRefusal } from '../../src/shared/signaling-errors'
import { encodeFrame, openRawWebSocket, requestUpgrade, textFrame, type RawWebSocket } from '../support/raw-ws'
import { buildServer, startServerProcess, type ServerBuild, type ServerProcess } from '../support/server-process'
import { candidate, offer } from '../support/signal-data'
import { connectClient, type TestClient } from '../support/ws-client'

const SEED = 0x70_6e_67_68
/** The slowest a signal of the other call may take while all this goes on, in ms (a loaded 2-CPU machine). */
const MAX_RELAY_LATENCY_MS = 2_500

let build: ServerBuild
let server: ServerProcess
let probe: RelayProbe
let random: () => number

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const randomInt = (max: number) => Math.floor(random() * max)

let addresses = 0
/** A source address no other client of this suite uses, so per-address limits apply to each on its own. */
function freshAddress(): string {
  addresses += 1
  return `127.20.${addresses >> 8}.${addresses & 255}`
}

/**
 * The call that must not notice anything, in a process of its own (test/support/relay-probe.mjs) so that this
 * process's own load is not counted as the server's latency: Alice sends Bob a signal every 25 ms.
 */
class RelayProbe {
  readonly #child: ChildProcessWithoutNullStreams
  #output = ''

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child
    child.stdout.on('data', (chunk: Buffer) => (this.#output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (this.#output += chunk.toString()))
  }

  static async start(url: string): Promise<RelayProbe> {
    const script = fileURLToPath(new URL('../support/relay-probe.mjs', import.meta.url))
    const probe = new RelayProbe(spawn(process.execPath, [script, url, generateRoomCode()], { stdio: 'pipe' }))
    // Generous: with other test files running, starting a process can take a while on two cores.
    await probe.#line((line) => line.ready === true, 30_000)
    return probe
  }

  get running(): boolean {
    return this.#child.exitCode === null
  }

  /** Stops sending, waits for what was sent, and reports. */
  async stop(): Promise<ProbeReport> {
    this.#child.stdin.write('stop\n')
    return (await this.#line((line) => typeof line.sent === 'number', 20_000)) as unknown as ProbeReport
  }

  async #line(matches: (line: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      for (const text of this.#output.split('\n')) {
        if (!text.startsWith('{') || !text.endsWith('}')) continue
        const line = JSON.parse(text) as Record<string, unknown>
        if (matches(line)) return line
      }
      if (performance.now() > deadline || !this.running) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    this.#child.kill('SIGKILL')
    throw new Error(`the relay probe did not report in time (exit code ${String(this.#child.exitCode)}):\n${this.#output}`)
  }
}

interface ProbeReport {
  sent: number
  received: number
  inOrder: boolean
  latencies: number[]
}

async function expectServerAlive(): Promise<void> {
  expect(server.output()).not.toMatch(/unexpected failure|uncaught|FATAL/i)
  const health = await fetch(new URL('/healthz', server.httpUrl))
  expect(health.status).toBe(200)
  expect(probe.running).toBe(true)
}

beforeAll(async () => {
  random = seeded(SEED)
  build = await buildServer()
  server = await startServerProcess(build, {})
  probe = await RelayProbe.start(server.url)
}, 90_000)

afterAll(async () => {
  if (probe?.running) await probe.stop().catch(() => {})
  await server?.stop()
  build?.remove()
})

/** A raw WebSocket from a fresh address. */
function rawClient(): Promise<RawWebSocket> {
  return openRawWebSocket(server.url, { localAddress: freshAddress() })
}

/** A frame with the RSV1 bit set, which means compression, which was never negotiated. */
function withRsv1(frame: Buffer): Buffer {
  const copy = Buffer.from(frame)
  copy[0] = copy[0]! | 0x40
  return copy
}

function closeFrame(payload: Buffer): Buffer {
  return encodeFrame({ opcode: 0x8, payload })
}

describe('the signaling server under fuzzing', () => {
  it('closes every connection that breaks the WebSocket protocol, with the close code for what it broke', async () => {
    const joinText = JSON.stringify({ v: 1, type: 'join', room: generateRoomCode() })
    const cases: [string, Buffer, number][] = [
      ['a text frame of invalid UTF-8', encodeFrame({ opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 1007],
      ['a text frame cut in the middle of a character', encodeFrame({ opcode: 0x1, payload: Buffer.from([0x22, 0xe2, 0x82]) }), 1007],
      ...[0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf].map((opcode): [string, Buffer, number] => [`opcode ${opcode}`, encodeFrame({ opcode, payload: Buffer.from('x') }), 1002]),
      ['an unmasked client frame', encodeFrame({ opcode: 0x1, payload: Buffer.from(joinText), mask: false }), 1002],
      ['RSV1 without compression', withRsv1(textFrame(joinText)), 1002],
      ['a continuation with nothing to continue', encodeFrame({ opcode: 0x0, payload: Buffer.from('x') }), 1002],
      ['a new message inside a fragmented one', Buffer.concat([encodeFrame({ opcode: 0x1, fin: false, payload: Buffer.from('{') }), textFrame('{}')]), 1002],
      ['a ping longer than 125 bytes', encodeFrame({ opcode: 0x9, payload: Buffer.alloc(200) }), 1002],
      ['a fragmented ping', encodeFrame({ opcode: 0x9, fin: false, payload: Buffer.from('x') }), 1002],
      ['a close frame of one byte', closeFrame(Buffer.from([0x03])), 1002],
      ['a close frame with status 999', closeFrame(Buffer.from([0x03, 0xe7])), 1002],
      ['a frame claiming a terabyte', encodeFrame({ opcode: 0x1, payload: Buffer.from('{}'), claimedLength: 2 ** 40 }), 1009],
      ['a frame of 70,000 bytes', encodeFrame({ opcode: 0x1, payload: Buffer.alloc(70_000, 0x20) }), 1009],
      ['fragments adding up to more than 64 KiB', Buffer.concat(Array.from({ length: 5 }, (_, i) => encodeFrame({ opcode: i === 0 ? 0x1 : 0x0, fin: false, payload: Buffer.alloc(16_000, 0x20) }))), 1009],
      ['a message in 1,000 empty fragments', Buffer.concat(Array.from({ length: 1_000 }, (_, i) => encodeFrame({ opcode: i === 0 ? 0x1 : 0x0, fin: false }))), 1008],
    ]
    const results = await Promise.all(
      cases.map(async ([name, bytes]) => {
        const raw = await rawClient()
        raw.write(bytes)
        return { name, code: (await raw.closed(5_000)).code }
      }),
    )
    expect(results).toEqual(cases.map(([name, , code]) => ({ name, code })))
    await expectServerAlive()
  })

  it('survives 300 connections of seeded random frames and bytes, closing those it cannot read with a protocol code', async () => {
    const allowed = new Set([1002, 1007, 1008, 1009, undefined])
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const raw = await rawClient()
        const frames: Buffer[] = []
        for (let i = 0, n = 1 + randomInt(5); i < n; i++) {
          if (random() < 0.2) {
            frames.push(Buffer.from(Array.from({ length: 1 + randomInt(64) }, () => randomInt(256))))
            continue
          }
          const payload = Buffer.from(Array.from({ length: randomInt(300) }, () => (random() < 0.7 ? 0x20 + randomInt(95) : randomInt(256))))
          frames.push(encodeFrame({ opcode: pick([0x0, 0x1, 0x1, 0x2, 0x2, 0x3, 0x8, 0x9, 0xa, 0xf]), fin: random() < 0.8, mask: random() < 0.9, payload }))
        }
        raw.write(Buffer.concat(frames))
        try {
          return (await raw.closed(700)).code
        } catch {
          // Still open: the server waits for the rest of a frame, or everything sent was valid.
          raw.destroy()
          return 'open'
        }
      }),
    )
    for (const outcome of outcomes) if (outcome !== 'open') expect(allowed).toContain(outcome)
    expect(outcomes.filter((outcome) => outcome !== 'open').length).toBeGreaterThan(100)
    await expectServerAlive()
  })

  it('answers every malformed message with one error, in order, and keeps the connection open', async () => {
    const room = generateRoomCode()
    const cases: [string, string | Buffer, SignalingErrorCode][] = [
      ['not JSON', 'not json', SignalingErrorCode.BadMessage],
      ['half an object', '{"v":1,', SignalingErrorCode.BadMessage],
      ['an empty frame', '', SignalingErrorCode.BadMessage],
      ['an array', '[]', SignalingErrorCode.BadMessage],
      ['a number', '42', SignalingErrorCode.BadMessage],
      ['null', 'null', SignalingErrorCode.BadMessage],
      ['no version', '{"type":"leave"}', SignalingErrorCode.UnsupportedVersion],
      ['version as a string', '{"v":"1","type":"leave"}', SignalingErrorCode.UnsupportedVersion],
      ['a duplicated key, the last one wrong', '{"v":1,"v":2,"type":"leave"}', SignalingErrorCode.UnsupportedVersion],
      ['no type', '{"v":1}', SignalingErrorCode.BadMessage],
      ['type as a number', '{"v":1,"type":42}', SignalingErrorCode.BadMessage],
      ['an unknown type', '{"v":1,"type":"nope"}', SignalingErrorCode.UnknownType],
      ['a type with a NUL byte', '{"v":1,"type":"join\\u0000"}', SignalingErrorCode.UnknownType],
      ['a 60,000-character type', JSON.stringify({ v: 1, type: 'x'.repeat(60_000) }), SignalingErrorCode.UnknownType],
      ['room as a number', '{"v":1,"type":"join","room":42}', SignalingErrorCode.BadRoomCode],
      ['room as an array', `{"v":1,"type":"join","room":["${room}"]}`, SignalingErrorCode.BadRoomCode],
      ['a 60,000-character room', JSON.stringify({ v: 1, type: 'join', room: 'A'.repeat(60_000) }), SignalingErrorCode.BadRoomCode],
      ['a lone surrogate as room', '{"v":1,"type":"join","room":"\\ud800"}', SignalingErrorCode.BadRoomCode],
      ['10,000 nested arrays', `{"v":1,"type":"join","room":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, SignalingErrorCode.BadRoomCode],
      ['10,000 nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, SignalingErrorCode.UnsupportedVersion],
      ['a __proto__ key', '{"__proto__":{"polluted":true},"v":1,"type":"leave"}', SignalingErrorCode.BadMessage],
      ['a constructor.prototype key', `{"v":1,"type":"join","room":"${room}","constructor":{"prototype":{"polluted":true}}}`, SignalingErrorCode.BadMessage],
      ['a secret that is an object', '{"v":1,"type":"register","secret":{"toString":"x"}}', SignalingErrorCode.BadSecret],
      ['a signal with the wrong data', '{"v":1,"type":"signal","to":"aaaaaaaaaaaa","data":{"kind":"candidate","candidate":{"candidate":123}}}', SignalingErrorCode.BadMessage],
      ['a signal with a 60,000-character candidate', JSON.stringify({ v: 1, type: 'signal', to: 'aaaaaaaaaaaa', data: { kind: 'candidate', candidate: { candidate: 'c'.repeat(60_000), sdpMid: '0' } } }), SignalingErrorCode.BadMessage],
      ['an invite with a call id that is a number', `{"v":1,"type":"invite","callId":7,"to":"${room}","room":"${room}"}`, SignalingErrorCode.BadMessage],
      ['a binary frame of invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), SignalingErrorCode.BadMessage],
    ]
    const client = await connectClient(server.url, { localAddress: freshAddress(), timeoutMs: 5_000 })
    for (const [, frame] of cases) client.sendRaw(frame)
    const codes: string[] = []
    for (let i = 0; i < cases.length; i++) codes.push((await client.next('error')).code)
    expect(codes).toEqual(cases.map(([, , code]) => code))
    // The connection is as good as new, and nothing was polluted in this process either.
    expect(await client.join(generateRoomCode())).toMatchObject({ type: 'joined' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    await client.close()
    await expectServerAlive()
  })

  it('answers 1,500 seeded mutations of valid messages only with frames clients accept', async () => {
    const templates: Record<string, unknown>[] = [
      { v: 1, type: 'join', room: generateRoomCode() },
      { v: 1, type: 'leave' },
      { v: 1, type: 'signal', to: 'aaaaaaaaaaaa', data: candidate(1) },
      { v: 1, type: 'signal', to: 'aaaaaaaaaaaa', data: offer() },
      { v: 1, type: 'register', secret: 'A'.repeat(43) },
      { v: 1, type: 'unregister' },
      { v: 1, type: 'invite', callId: 'c'.repeat(12), to: generateRoomCode(), room: generateRoomCode() },
      { v: 1, type: 'answer', callId: 'c'.repeat(12), accept: false, reason: 'busy' },
      { v: 1, type: 'cancel', callId: 'c'.repeat(12), reason: 'hung-up' },
    ]
    const junk = (): unknown =>
      pick<() => unknown>([
        () => randomInt(2 ** 31) - 2 ** 30,
        () => random(),
        () => 'x'.repeat(randomInt(2_000)),
        () => String.fromCharCode(...Array.from({ length: randomInt(20) }, () => randomInt(0xffff))),
        () => null,
        () => random() < 0.5,
        () => [],
        () => ({}),
        () => [junk()],
        () => ({ [pick(['__proto__', 'constructor', 'toString', 'v', 'type'])]: junk() }),
      ])()
    const mutate = (template: Record<string, unknown>): string => {
      const copy = JSON.parse(JSON.stringify(template)) as Record<string, unknown>
      for (let i = 0, n = 1 + randomInt(3); i < n; i++) {
        const keys = Object.keys(copy)
        const choice = randomInt(4)
        if (choice === 0 && keys.length > 0) delete copy[pick(keys)]
        else if (choice === 1) copy[pick(['v', 'type', 'room', 'to', 'data', 'extra', '__proto__'])] = junk()
        else if (choice === 2 && keys.length > 0) copy[pick(keys)] = junk()
        else copy.type = pick(['join', 'signal', 'leave', 'register', 'invite', 'answer', 'cancel', 'joined', 'error', ''])
      }
      return JSON.stringify(copy)
    }
    const clients = await Promise.all(Array.from({ length: 15 }, () => connectClient(server.url, { localAddress: freshAddress(), timeoutMs: 10_000 })))
    await Promise.all(
      clients.map(async (client) => {
        for (let i = 0; i < 100; i++) client.sendRaw(mutate(pick(templates)))
        // A sentinel that is always refused last: everything before it has been answered by then.
        client.sendRaw({ v: 1, type: 'fuzz-sentinel' })
        let message: ServerMessage
        do message = await client.next()
        while (!(message.type === 'error' && message.message.includes('fuzz-sentinel')))
        // Every frame the server sent passed the clients' parser on the way (TestClient rejects others).
        expect(client.isOpen).toBe(true)
      }),
    )
    await Promise.all(clients.map((client) => client.close()))
    await expectServerAlive()
  })

  it('refuses a flood of connections from one address with 429, and only that address', async () => {
    const address = freshAddress()
    const answers = await Promise.all(Array.from({ length: 100 }, () => requestUpgrade(server.url, { localAddress: address, timeoutMs: 10_000 })))
    const refused = answers.filter((answer) => answer.status === 429)
    expect(answers.every((answer) => answer.status === 101 || answer.status === 429)).toBe(true)
    expect(refused.length).toBeGreaterThanOrEqual(60)
    // Past 32 at once, before their requests are read, the connections themselves are refused (socket-guard.ts).
    for (const answer of refused) expect([SignalingRefusal.ConnectingTooFast, SignalingRefusal.TooManySockets]).toContain(answer.body)
    expect((await requestUpgrade(server.url, { localAddress: freshAddress() })).status).toBe(101)
    await expectServerAlive()
  })

  it('closes 200 flooding clients with 1008 SIG_ERR_RATE_LIMITED, each after its errors', async () => {
    const flooders: TestClient[] = []
    for (let batch = 0; batch < 4; batch++) {
      flooders.push(...(await Promise.all(Array.from({ length: 50 }, () => connectClient(server.url, { localAddress: freshAddress(), timeoutMs: 15_000 })))))
    }
    const results = await Promise.all(
      flooders.map(async (client) => {
        for (let i = 0; i < 300; i++) client.send({ v: 1, type: 'signal', to: 'aaaaaaaaaaaa' as PeerId, data: candidate(i) })
        let rateLimited = 0
        for (;;) {
          try {
            const error = await client.next('error', 15_000)
            expect(isSignalingErrorCode(error.code)).toBe(true)
            if (error.code === SignalingErrorCode.RateLimited) rateLimited += 1
          } catch {
            break
          }
        }
        return { rateLimited, close: await client.closed(15_000) }
      }),
    )
    for (const result of results) {
      expect(result.close).toEqual({ code: 1008, reason: SignalingErrorCode.RateLimited })
      expect(result.rateLimited).toBe(20)
    }
    await expectServerAlive()
  })

  it('kept relaying the other call all along, in order, none lost, each signal within the bound', async () => {
    const report = await probe.stop()
    const sorted = [...report.latencies].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
    console.info(`relay probe: ${report.sent} signals, latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`)
    // One every 25 ms from before the first attack to after the last one.
    expect(report.sent).toBeGreaterThan(40)
    expect(report.received).toBe(report.sent)
    expect(report.inOrder).toBe(true)
    expect(Math.max(...report.latencies)).toBeLessThan(MAX_RELAY_LATENCY_MS)
    const metrics = await (await fetch(server.metricsUrl!)).text()
    expect(metrics).toMatch(new RegExp(`tonghwa_errors_total\\{code="${SignalingErrorCode.RateLimited}"\\} (\\d{3,})`))
  })
})
