/**
 * The bridge a call joins its room through: the window's own bridge, except that `joinRoom` names the server the
 * room is on when the person agreed to join there from a link (`server()` returns it; null for their own server).
 * The call code (call/call-session.ts) stays unaware of servers: it joins "the room", and this decides where.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'

export function bridgeJoiningAt(bridge: TonghwaBridge, server: () => string | null): TonghwaBridge {
  const joinRoom: TonghwaBridge['joinRoom'] = (room, options) => {
    const at = server()
    return at === null ? bridge.joinRoom(room, options) : bridge.joinRoom(room, { ...options, server: at })
  }
  // Every other member is the bridge's own, bound to it (a class bridge keeps private fields: `this` must be it).
  // The proxy's target is a fresh object, not the bridge: the preload's bridge is frozen, and a proxy of a frozen
  // object may only ever hand out that object's own values.
  return new Proxy({} as TonghwaBridge, {
    get(_target, property) {
      if (property === 'joinRoom') return joinRoom
      const value: unknown = Reflect.get(bridge, property, bridge)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(bridge) : value
    },
  })
}
