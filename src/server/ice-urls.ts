/**
 * STUN and TURN URLs checked the way browsers parse them (RFC 7064, RFC 7065), when the server starts. A URL
 * that passes the scheme check but not the browser's parser makes `new RTCPeerConnection` throw a SyntaxError
 * in every peer that receives it: every call would fail at its first step, far from the typo. Chromium refuses,
 * for example, `turns:turn.example.org:443?transport=tls` (there is no `tls` transport: TLS is what the
 * `turns:` scheme means, over `transport=tcp`), a port past 65535, a path, `user@host`, and any query on a
 * `stun:` URL. Pure.
 */

const SHAPE = /^(stuns?|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?(?:\?(.*))?$/

/** Why browsers would refuse `url` as an ICE server URL, or undefined when they take it. */
export function iceUrlProblem(url: string): string | undefined {
  const match = SHAPE.exec(url)
  if (match === null) return 'is not scheme:host[:port][?transport=udp|tcp] (no //, user@, path or spaces)'
  const [, scheme, , port, query] = match
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return 'has a port outside 1…65535'
  if (query === undefined) return undefined
  if (scheme === 'stun' || scheme === 'stuns') return 'is a STUN URL with a query: STUN URLs take none'
  if (query !== 'transport=udp' && query !== 'transport=tcp') {
    return 'must end in ?transport=udp or ?transport=tcp (TURN over TLS is turns:…?transport=tcp)'
  }
  return undefined
}
