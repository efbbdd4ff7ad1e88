import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A private PostgreSQL server of one test file, in a temporary folder on a free port, that speaks
 * TLS only (as RDS with `rds.force_ssl`): its certificate is issued for `localhost` by a CA the
 * helper makes, and a second, unrelated CA is made too so tests can show it is refused. The
 * machine's own PostgreSQL is never touched. `postgres` logs in without a password (the admin of
 * the tests); every other role must give its password (scram-sha-256).
 */
export interface TlsPostgres {
  readonly port: number;
  /** PEM file of the CA that issued the server's certificate. */
  readonly caFile: string;
  /** PEM file of a CA that issued nothing this server presents. */
  readonly otherCaFile: string;
  /** `postgres://postgres@<host>:<port>` */
  adminUrl(host?: string): string;
  stop(): Promise<void>;
}

/** Debian's server binaries of the newest installed major (initdb, pg_ctl). */
function postgresBinaries(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = majors.map((major) => join(root, major, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin) throw new Error(`no PostgreSQL server binaries under ${root} (apt-get install postgresql)`);
  return bin;
}

function openssl(dir: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
}

function makeServerCertificate(dir: string, ca: string, dnsName: string): void {
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=DNS:${dnsName}\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, [
    'req', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${dnsName}`,
  ]); // prettier-ignore
  openssl(dir, [
    'x509', '-req', '-in', 'server.csr', '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext',
  ]); // prettier-ignore
}

/** Starts the server (initdb + pg_ctl, as the `postgres` user when the tests run as root). */
export async function startTlsPostgres(): Promise<TlsPostgres> {
  const bin = postgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'tls-postgres-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
  const run = (command: string, args: readonly string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
    execFileSync(file, argv, { cwd: dir, stdio: 'pipe' });
  };
  try {
    makeCa(dir, 'ca');
    makeCa(dir, 'other-ca');
    makeServerCertificate(dir, 'ca', 'localhost');
    chmodSync(join(dir, 'server.key'), 0o600);
    if (owner !== undefined) {
      chmodSync(dir, 0o755);
      chownSync(dir, owner, -1);
      chownSync(join(dir, 'server.key'), owner, -1);
    }
    const data = join(dir, 'data');
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth', 'trust', '-E', 'UTF8', '--no-sync']);
    // TLS only: no `host`/`hostnossl` line, so a plain connection finds no entry and is refused.
    writeFileSync(
      join(data, 'pg_hba.conf'),
      [
        'local all postgres trust',
        'hostssl all postgres 127.0.0.1/32 trust',
        'hostssl all postgres ::1/128 trust',
        'hostssl all all 127.0.0.1/32 scram-sha-256',
        'hostssl all all ::1/128 scram-sha-256',
        '',
      ].join('\n'),
    );
    if (owner !== undefined) chownSync(join(data, 'pg_hba.conf'), owner, -1);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses='localhost'",
      `-c unix_socket_directories='${dir}'`,
      '-c ssl=on',
      `-c ssl_cert_file='${join(dir, 'server.crt')}'`,
      `-c ssl_key_file='${join(dir, 'server.key')}'`,
      '-c fsync=off',
      '-c max_connections=40',
    ].join(' ');
    run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    return {
      port,
      caFile: join(dir, 'ca.crt'),
      otherCaFile: join(dir, 'other-ca.crt'),
      adminUrl: (host = 'localhost') => `postgres://postgres@${host}:${port}`,
      stop: async () => {
        try {
          run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
