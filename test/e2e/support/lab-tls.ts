/**
 * TLS for the network lab's relay (TURN over TLS on 443): a test certificate authority, a certificate for one
 * lab address signed by it, and a home directory whose NSS database trusts that authority, to give Chromium as
 * `HOME`.
 *
 * Why not something shorter: Chromium checks a `turns:` server's certificate like a web page's. With an
 * untrusted (self-signed) one it never opens the TLS connection and the relay candidate fails with ICE error
 * 701; `--ignore-certificate-errors` would work, but it turns off every check, so a relay certificate for the
 * wrong name would pass too. A CA in the profile's NSS database (`~/.pki/nssdb`, which Chromium on Linux reads
 * for locally trusted roots) is what a company with its own CA does, and Chromium still checks the name
 * (the certificate's IP address SAN) and the chain.
 *
 * Needs `openssl` and `certutil` (Debian: openssl, libnss3-tools; .ci/run installs them).
 */
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

export interface LabTls {
  /** The test CA's certificate (for Node: `NODE_EXTRA_CA_CERTS`). */
  caFile: string
  /** PEM certificate for the address, signed by the test CA (coturn's `cert`). */
  certFile: string
  /** Its private key (coturn's `pkey`). */
  keyFile: string
  /** A `HOME` for Chromium whose NSS database trusts the test CA (`LaunchOptions.env.HOME`). */
  chromiumHome: string
}

/**
 * Writes the CA, a certificate for `address` (an IPv4 address, as the `turns:` URL names it) and the
 * trusting home into `dir`. Takes well under a second.
 */
export async function makeLabTls(dir: string, address: string, options: { certifiedAddress?: string } = {}): Promise<LabTls> {
  const tls = join(dir, 'tls')
  mkdirSync(tls, { recursive: true })
  const file = (name: string) => join(tls, name)
  // 2048-bit RSA: fast to make and accepted by every TLS stack; the certificates live for one day.
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=Tonghwa lab test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', file('ca-key.pem'), '-out', file('ca.pem')])
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${address}`, '-keyout', file('relay-key.pem'), '-out', file('relay.csr')])
  // The name check looks only at the subjectAltName; `certifiedAddress` exists to prove that it does.
  writeFileSync(file('relay-ext.cnf'), `subjectAltName=IP:${options.certifiedAddress ?? address}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`)
  await openssl(['x509', '-req', '-days', '1', '-in', file('relay.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'),
    '-set_serial', '1', '-extfile', file('relay-ext.cnf'), '-out', file('relay.pem')])

  const chromiumHome = join(dir, 'chromium-home')
  const nssdb = join(chromiumHome, '.pki', 'nssdb')
  mkdirSync(nssdb, { recursive: true })
  await certutil(['-N', '-d', `sql:${nssdb}`, '--empty-password'])
  // `C,,`: a CA trusted to issue server certificates (not e-mail or code signing).
  await certutil(['-A', '-d', `sql:${nssdb}`, '-n', 'Tonghwa lab test CA', '-t', 'C,,', '-i', file('ca.pem')])
  return { caFile: file('ca.pem'), certFile: file('relay.pem'), keyFile: file('relay-key.pem'), chromiumHome }
}

async function openssl(args: string[]): Promise<void> {
  await tool('openssl', args, 'openssl')
}

async function certutil(args: string[]): Promise<void> {
  await tool('certutil', args, 'libnss3-tools')
}

async function tool(command: string, args: string[], debianPackage: string): Promise<void> {
  try {
    await promisify(execFile)(command, args, { timeout: 20_000 })
  } catch (error) {
    throw new Error(`${command} failed (is it installed? apt-get install ${debianPackage}): ${(error as Error).message}`)
  }
}
