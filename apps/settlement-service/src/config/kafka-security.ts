/** TLS and SASL settings handed to every kafkajs client (shaped like kafkajs' own `ssl`/`sasl` options). */
export interface KafkaSecurity {
  /** false: plaintext; true: TLS with the system CAs; an object: TLS with these PEMs. */
  readonly ssl:
    | boolean
    | { readonly ca?: string[]; readonly cert?: string; readonly key?: string; readonly rejectUnauthorized: boolean };
  readonly sasl: {
    readonly mechanism: 'scram-sha-256' | 'scram-sha-512' | 'plain';
    readonly username: string;
    readonly password: string;
  } | null;
}

export interface KafkaSecurityEnv {
  KAFKA_SSL: 'true' | 'false';
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SSL_CERT_FILE?: string;
  KAFKA_SSL_KEY_FILE?: string;
  KAFKA_SSL_REJECT_UNAUTHORIZED: 'true' | 'false';
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512' | 'plain';
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

/**
 * Settings that make sense only together, checked for the service and the operators' tools alike.
 * SASL/PLAIN sends the password as it is: over TLS only.
 */
export function kafkaSecurityProblems(e: KafkaSecurityEnv): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (e.KAFKA_SASL_MECHANISM !== undefined && !(e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD))
    problems.push({ path: 'KAFKA_SASL_MECHANISM', message: 'needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD' });
  if (e.KAFKA_SASL_MECHANISM === undefined && (e.KAFKA_SASL_USERNAME || e.KAFKA_SASL_PASSWORD))
    problems.push({
      path: 'KAFKA_SASL_MECHANISM',
      message: 'is needed when KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set',
    });
  if (e.KAFKA_SASL_MECHANISM === 'plain' && e.KAFKA_SSL !== 'true')
    problems.push({ path: 'KAFKA_SASL_MECHANISM', message: 'plain sends the password in clear: needs KAFKA_SSL=true' });
  if ((e.KAFKA_SSL_CERT_FILE === undefined) !== (e.KAFKA_SSL_KEY_FILE === undefined))
    problems.push({
      path: 'KAFKA_SSL_CERT_FILE',
      message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (client certificate)',
    });
  const files = [e.KAFKA_SSL_CA_FILE, e.KAFKA_SSL_CERT_FILE, e.KAFKA_SSL_KEY_FILE];
  if (e.KAFKA_SSL !== 'true' && files.some((f) => f !== undefined))
    problems.push({ path: 'KAFKA_SSL', message: 'KAFKA_SSL_* files are set but KAFKA_SSL is not true' });
  return problems;
}

export function kafkaSecurityFrom(e: KafkaSecurityEnv, readText: (path: string) => string): KafkaSecurity {
  const read = (name: string, path: string | undefined): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return readText(path);
    } catch (err) {
      throw new Error(`${name}: cannot read ${path} (${(err as Error).message})`);
    }
  };
  let ssl: KafkaSecurity['ssl'] = false;
  if (e.KAFKA_SSL === 'true') {
    const ca = read('KAFKA_SSL_CA_FILE', e.KAFKA_SSL_CA_FILE);
    const cert = read('KAFKA_SSL_CERT_FILE', e.KAFKA_SSL_CERT_FILE);
    const key = read('KAFKA_SSL_KEY_FILE', e.KAFKA_SSL_KEY_FILE);
    const rejectUnauthorized = e.KAFKA_SSL_REJECT_UNAUTHORIZED === 'true';
    ssl =
      ca === undefined && cert === undefined && rejectUnauthorized
        ? true
        : {
            ...(ca !== undefined ? { ca: [ca] } : {}),
            ...(cert !== undefined ? { cert, key } : {}),
            rejectUnauthorized,
          };
  }
  const sasl =
    e.KAFKA_SASL_MECHANISM !== undefined
      ? {
          mechanism: e.KAFKA_SASL_MECHANISM,
          username: e.KAFKA_SASL_USERNAME as string,
          password: e.KAFKA_SASL_PASSWORD as string,
        }
      : null;
  return { ssl, sasl };
}
