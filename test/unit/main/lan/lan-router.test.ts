import { describe, expect, it } from 'vitest'
import type { LanInstance } from '../../../../src/main/lan/lan-announcement'
import type { AskInstance } from '../../../../src/main/lan/lan-locate'
import { LanRouter } from '../../../../src/main/lan/lan-router'
import type { Route } from '../../../../src/main/reach/route'
import { lanTags } from '../../../../src/shared/lan-tag'
import type { RoomCode } from '../../../../src/shared/room-code'

const ROOM = '7KD93QFXZ5' as RoomCode
const own: Route = { url: 'ws://127.0.0.1:47800/signal', connection: {}, host: { kind: 'own' } }

function instance(id: string, address: string): LanInstance {
  return { id, address, port: 40_000, salt: `${id}${id}`.slice(0, 22).padEnd(22, 'A'), version: 1 }
}

/** Each instance "has" the codes listed for it, and proves it with the real tags for its salt. */
function network(has: Record<string, RoomCode[]>, silent: string[] = []): AskInstance {
  return async (target, tags) => {
    if (silent.includes(target.id)) return 'unreachable'
    for (const code of has[target.id] ?? []) {
      if ((await lanTags(code, target.salt)).ask === tags.ask) return 'found'
    }
    return 'missing'
  }
}

function router(instances: LanInstance[], ask: AskInstance, ownId = 'mmmmmmmmmmmm', hostsHere: RoomCode[] = []) {
  const forgotten: string[] = []
  const lan = new LanRouter({ ownRoute: own, ownId, hostsHere: (code) => hostsHere.includes(code), instances: () => instances, forget: (id) => void forgotten.push(id), ask })
  return { lan, forgotten }
}

describe('routes on the local network', () => {
  const a = instance('aaaaaaaaaaaa', '10.77.0.10')
  const z = instance('zzzzzzzzzzzz', '10.77.0.12')

  it('joins a room where another app has it, at the address that app announced from', async () => {
    const { lan } = router([a, z], network({ zzzzzzzzzzzz: [ROOM] }))
    expect(await lan.routeRoom(ROOM)).toEqual({ url: 'ws://10.77.0.12:40000/signal', connection: {}, host: { kind: 'lan', id: 'zzzzzzzzzzzz' } })
  })

  it('hosts a room nobody has, and one it has already, here', async () => {
    expect(await router([a], network({})).lan.routeRoom(ROOM)).toBe(own)
    expect(await router([a], network({ aaaaaaaaaaaa: [ROOM] }), 'mmmmmmmmmmmm', [ROOM]).lan.routeRoom(ROOM)).toBe(own)
  })

  it('picks the smallest id when two apps have the room, and moves there only if it is smaller than its own', async () => {
    const both = network({ aaaaaaaaaaaa: [ROOM], zzzzzzzzzzzz: [ROOM] })
    expect((await router([z, a], both).lan.routeRoom(ROOM)).host).toEqual({ kind: 'lan', id: 'aaaaaaaaaaaa' })
    expect((await router([a, z], both, 'mmmmmmmmmmmm').lan.betterRoute(ROOM, own))?.host).toEqual({ kind: 'lan', id: 'aaaaaaaaaaaa' })
    expect(await router([z], network({ zzzzzzzzzzzz: [ROOM] }), 'mmmmmmmmmmmm').lan.betterRoute(ROOM, own)).toBeNull()
  })

  it('forgets an app that does not answer', async () => {
    const { lan, forgotten } = router([a, z], network({}, ['zzzzzzzzzzzz']))
    expect(await lan.routeRoom(ROOM)).toBe(own)
    expect(forgotten).toEqual(['zzzzzzzzzzzz'])
  })

  it('rings a person at the one app that has their code; says so when none or several do', async () => {
    const code = 'XA36MXBY93' as RoomCode
    expect((await router([a, z], network({ aaaaaaaaaaaa: [code] })).lan.routePerson(code))).toMatchObject({ kind: 'found', route: { host: { kind: 'lan', id: 'aaaaaaaaaaaa' } } })
    expect(await router([a, z], network({})).lan.routePerson(code)).toEqual({ kind: 'unreachable' })
    expect(await router([a, z], network({ aaaaaaaaaaaa: [code], zzzzzzzzzzzz: [code] })).lan.routePerson(code)).toEqual({ kind: 'ambiguous', count: 2 })
  })
})
