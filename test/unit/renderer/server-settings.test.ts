import { afterEach, describe, expect, it } from 'vitest'
import { setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'
import { describeServerTest } from '../../../src/renderer/src/server/server-words'
import { bridgeJoiningAt } from '../../../src/renderer/src/state/join-elsewhere'
import { ServerSettingsState } from '../../../src/renderer/src/state/server-settings.svelte'
import type { RoomCode } from '../../../src/shared/room-code'
import type { ServerChoiceStatus, ServerTestProblem } from '../../../src/shared/server-choice'
import { FakeBridge } from '../../support/fake-bridge'
import { createBridge } from '../../../src/preload/bridge'

afterEach(() => setCurrentLocale('en'))

const SERVER = 'wss://signal.example.org/signal'
const automatic: ServerChoiceStatus = { setting: { kind: 'automatic' }, choice: { kind: 'automatic', source: 'default' }, packagedUrl: null, problems: [] }

async function loaded(status: ServerChoiceStatus | null = automatic) {
  const bridge = new FakeBridge()
  bridge.serverChoice = status
  const errors: unknown[] = []
  const server = new ServerSettingsState({ bridge, onError: (error) => errors.push(error) })
  await server.load()
  return { bridge, server, errors }
}

describe('ServerSettingsState (Settings → Server)', () => {
  it('is not available where there is no server setting (web mode)', async () => {
    const { server } = await loaded(null)
    expect(server.available).toBe(false)
  })

  it('shows what the app uses now, and the saved server in the address field', async () => {
    const { server } = await loaded({ ...automatic, setting: { kind: 'server', url: SERVER }, choice: { kind: 'server', url: SERVER, source: 'setting' } })
    expect([server.available, server.mode, server.address]).toEqual([true, 'server', SERVER])
    expect(server.now).toBe('Now: signal.example.org, chosen here.')
  })

  it('saves Automatic at once, and a server only with Use this server and a usable address', async () => {
    const { bridge, server } = await loaded()
    await server.chooseMode('server')
    expect(bridge.callsOf('setServerChoice')).toEqual([])
    server.setAddress('ws://signal.example.org/signal')
    await server.useServer()
    expect(server.addressError).toMatch(/^Use wss:\/\//)
    expect(bridge.callsOf('setServerChoice')).toEqual([])
    server.setAddress(SERVER)
    await server.useServer()
    await server.chooseMode('automatic')
    expect(bridge.callsOf('setServerChoice').map((call) => call.setting)).toEqual([{ kind: 'server', url: SERVER }, { kind: 'automatic' }])
    expect(server.saved).toBe(true)
  })

  it('says a switch decides, and changes nothing, while --server-url is given', async () => {
    const { bridge, server } = await loaded({ ...automatic, choice: { kind: 'server', url: SERVER, source: '--server-url' } })
    expect(server.lockedBy).toBe('--server-url')
    await server.chooseMode('server')
    server.setAddress('wss://other.example.org/signal')
    await server.useServer()
    expect(server.mode).toBe('automatic')
    expect(bridge.callsOf('setServerChoice')).toEqual([])
  })

  it('tests the typed address and words what works', async () => {
    const { bridge, server } = await loaded()
    await server.chooseMode('server')
    server.setAddress(SERVER)
    await server.test()
    expect(bridge.callsOf('testServer')).toEqual([{ method: 'testServer', address: SERVER }])
    expect(server.result).toEqual({
      ok: true,
      code: 'SERVER_TEST_OK',
      text: 'Works: a Tonghwa server, version 0.1.0. It offers a relay (TURN), for networks that block direct calls.',
    })
  })

  it('drops the answer of a test for an address that was edited since', async () => {
    const { bridge, server } = await loaded()
    let answer: (value: never) => void = () => {}
    bridge.serverTest = () => new Promise((resolve) => (answer = resolve as never))
    server.setAddress(SERVER)
    const testing = server.test()
    server.setAddress('wss://other.example.org/signal')
    answer({ ok: false, problem: { code: 'SERVER_TEST_ORIGIN_REFUSED' } } as never)
    await testing
    expect(server.result).toBeNull()
  })
})

describe('what Test found, in words', () => {
  const problems: Array<[ServerTestProblem, RegExp, RegExp]> = [
    [{ code: 'SERVER_TEST_NAME_NOT_FOUND', host: 'signal.example.invalid', reason: 'unknown-name' }, /does not resolve/, /찾을 수 없어요/],
    [{ code: 'SERVER_TEST_NO_ANSWER', reason: 'refused' }, /connection was refused/, /연결이 거부됐어요/],
    [{ code: 'SERVER_TEST_NO_ANSWER', reason: 'timeout' }, /no answer came in time/, /제때 응답이 없어요/],
    [{ code: 'SERVER_TEST_BAD_CERTIFICATE', reason: 'expired', detail: 'CERT_HAS_EXPIRED' }, /certificate is not valid: it has expired\. \(CERT_HAS_EXPIRED\)/, /만료됐어요/],
    [{ code: 'SERVER_TEST_BAD_CERTIFICATE', reason: 'self-signed', detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, /self-signed/, /자체 서명/],
    [{ code: 'SERVER_TEST_BAD_CERTIFICATE', reason: 'wrong-name', detail: 'ERR_TLS_CERT_ALTNAME_INVALID' }, /for another name/, /다른 이름/],
    [{ code: 'SERVER_TEST_NOT_TONGHWA', detail: 'HTTP 200 at /signal' }, /not a Tonghwa server \(HTTP 200 at \/signal\)/, /통화 앱 서버가 아니에요/],
    [{ code: 'SERVER_TEST_OTHER_PROTOCOL', theirs: 2, ours: 1 }, /speaks version 2 of the protocol and this app speaks version 1/, /버전\(2\)/],
    [{ code: 'SERVER_TEST_ORIGIN_REFUSED' }, /Origin policy/, /Origin 정책/],
    [{ code: 'SERVER_TEST_HOST_REFUSED', host: 'localhost:8443' }, /does not answer to the name localhost:8443/, /localhost:8443/],
    [{ code: 'SERVER_TEST_BUSY', status: 503, retryAfterMs: 5_000 }, /in 5 s/, /5초 후에/],
  ]

  it.each(problems)('%j', (problem, english, korean) => {
    const result = { ok: false as const, problem }
    expect(describeServerTest(result)).toMatchObject({ ok: false, code: problem.code, text: expect.stringMatching(english) })
    setCurrentLocale('ko')
    expect(describeServerTest(result).text).toMatch(korean)
  })
})

describe('bridgeJoiningAt', () => {
  it('joins on the server a link named while there is one, and otherwise as the bridge does', async () => {
    const bridge = new FakeBridge()
    let server: string | null = SERVER
    const joining = bridgeJoiningAt(bridge, () => server)
    const room = '7KD93QFXZ5' as RoomCode
    await joining.joinRoom(room)
    server = null
    await joining.joinRoom(room)
    expect(bridge.callsOf('joinRoom')).toEqual([
      { method: 'joinRoom', room, server: SERVER },
      { method: 'joinRoom', room },
    ])
    // Everything else is the bridge's own, private fields and all.
    const unsubscribe = joining.onJoined(() => {})
    expect(bridge.listenerCount()).toBe(1)
    unsubscribe()
  })

  it("wraps the preload's frozen bridge too", async () => {
    const invoked: unknown[][] = []
    const ipc = { invoke: async (...args: unknown[]) => void invoked.push(args), on: () => undefined, removeListener: () => undefined }
    const frozen = createBridge(ipc, 'linux')
    expect(Object.isFrozen(frozen)).toBe(true)
    const joining = bridgeJoiningAt(frozen, () => SERVER)
    await joining.joinRoom('7KD93QFXZ5' as RoomCode)
    await joining.leaveRoom()
    expect(joining.platform).toBe('electron')
    expect(invoked).toEqual([['signaling:join-room', '7KD93QFXZ5', { server: SERVER }], ['signaling:leave-room']])
  })
})
