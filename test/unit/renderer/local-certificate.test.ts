import { describe, expect, it } from 'vitest'
import { CERTIFICATE_POLICY, DAY_MS, certificateFingerprint, loadLocalCertificate, type CertificateLike } from '../../../src/renderer/src/call/local-certificate'

const NOW = Date.UTC(2026, 0, 1)
let serial = 0
const fake = (expires: number): CertificateLike & { serial: number } => {
  const id = ++serial
  return { serial: id, expires, getFingerprints: () => [{ algorithm: 'sha-256', value: Array(32).fill(id.toString(16).padStart(2, '0')).join(':') }] }
}

function setup(stored: ReturnType<typeof fake> | null) {
  const saved: Array<ReturnType<typeof fake>> = []
  const asked: number[] = []
  return {
    saved,
    asked,
    options: {
      storage: { load: async () => stored, save: async (cert: ReturnType<typeof fake>) => void saved.push(cert) },
      generate: async (lifetime: number) => (asked.push(lifetime), fake(NOW + lifetime)),
      now: () => NOW,
    },
  }
}

describe('loadLocalCertificate', () => {
  it('makes one certificate for a year and saves it before it is used', async () => {
    const { options, saved, asked } = setup(null)
    const { certificate, origin } = await loadLocalCertificate(options)
    expect(origin).toBe('new')
    expect(asked).toEqual([365 * DAY_MS])
    expect(saved).toEqual([certificate])
  })

  it('keeps using the stored certificate, so a contact sees the same one call after call', async () => {
    const stored = fake(NOW + 200 * DAY_MS)
    const { options, saved } = setup(stored)
    expect(await loadLocalCertificate(options)).toEqual({ certificate: stored, origin: 'kept' })
    expect(saved).toEqual([])
  })

  it('renews in the last 30 days of its life, before the browser would refuse it', async () => {
    const stored = fake(NOW + CERTIFICATE_POLICY.renewBeforeMs - 1)
    const { options, saved } = setup(stored)
    const { certificate, origin } = await loadLocalCertificate(options)
    expect(origin).toBe('renewed')
    expect(certificate).not.toBe(stored)
    expect(saved).toEqual([certificate])
    expect(certificateFingerprint(certificate)).toMatch(/^sha-256 [0-9A-F:]{95}$/)
  })
})
