import { describe, expect, it } from 'vitest'
import { iceUrlProblem } from '../../../src/server/ice-urls'

describe('iceUrlProblem', () => {
  it('takes the STUN and TURN URLs a deployment hands out, over UDP, TCP and TLS', () => {
    for (const url of [
      'stun:turn.example.org:3478',
      'stuns:turn.example.org',
      'turn:turn.example.org:3478?transport=udp',
      'turn:turn.example.org:3478?transport=tcp',
      'turns:turn.example.org:443?transport=tcp',
      'turns:203.0.113.10:5349',
      'turn:[2001:db8::1]:3478?transport=udp',
    ]) {
      expect(iceUrlProblem(url), url).toBeUndefined()
    }
  })

  // Each of these makes Chromium's `new RTCPeerConnection` throw a SyntaxError (checked in Chromium 156).
  it.each([
    ['turns:turn.example.org:443?transport=tls', /transport=udp or \?transport=tcp/],
    ['turn:turn.example.org:3478?foo=bar', /transport=udp or \?transport=tcp/],
    ['turn:turn.example.org:3478?transport=tcp&x=1', /transport=udp or \?transport=tcp/],
    ['stun:turn.example.org:3478?transport=udp', /STUN URLs take none/],
    ['turn:turn.example.org:65536', /port outside/],
    ['turn:turn.example.org:0', /port outside/],
    ['turn://turn.example.org:3478', /no \/\//],
    ['turn:user@turn.example.org', /user@/],
    ['turn:turn.example.org:3478/path', /path/],
    ['turn: turn.example.org', /spaces/],
    ['turn:turn.example.org:', /scheme:host/],
  ])('refuses %s, which browsers refuse', (url, reason) => {
    expect(iceUrlProblem(url)).toMatch(reason)
  })
})
