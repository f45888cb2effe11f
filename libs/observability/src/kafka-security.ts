import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

type Mechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';
const MECHANISMS: readonly Mechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/**
 * TLS and SASL settings of every kafkajs client (the services' clients in libs/messaging and the health
 * check's admin), for a managed Kafka such as Yandex Managed Service for Apache Kafka (SASL_SSL,
 * SCRAM-SHA-512, port 9091). Lives here because both libs/messaging and the health check need it and
 * libs/common depends on this library. Nothing set = plaintext, as the local stack and the in-chart broker.
 *
 * GAVEL_KAFKA_SSL               true = TLS to the brokers (implied by GAVEL_KAFKA_SSL_CA_FILE)
 * GAVEL_KAFKA_SSL_CA_FILE       PEM file of the CA that signed the brokers' certificates (default: Node's CAs)
 * GAVEL_KAFKA_SASL_MECHANISM    plain | scram-sha-256 | scram-sha-512 (unset = no SASL)
 * GAVEL_KAFKA_SASL_USERNAME     and GAVEL_KAFKA_SASL_PASSWORD: the SASL credentials
 */
export function kafkaSecurity(env: NodeJS.ProcessEnv = process.env): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const caFile = env.GAVEL_KAFKA_SSL_CA_FILE;
  const tls = env.GAVEL_KAFKA_SSL === 'true' || Boolean(caFile);
  const mechanism = env.GAVEL_KAFKA_SASL_MECHANISM?.toLowerCase();
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (tls) out.ssl = caFile ? { ca: [readFileSync(caFile, 'utf8')] } : true;
  if (mechanism) {
    if (!MECHANISMS.includes(mechanism as Mechanism)) {
      throw new Error(
        `GAVEL_KAFKA_SASL_MECHANISM must be one of ${MECHANISMS.join(', ')}, got "${mechanism}"`,
      );
    }
    const username = env.GAVEL_KAFKA_SASL_USERNAME;
    const password = env.GAVEL_KAFKA_SASL_PASSWORD;
    if (!username || !password) {
      throw new Error(
        'GAVEL_KAFKA_SASL_USERNAME and GAVEL_KAFKA_SASL_PASSWORD are required with GAVEL_KAFKA_SASL_MECHANISM',
      );
    }
    out.sasl = { mechanism, username, password } as SASLOptions;
  }
  return out;
}
