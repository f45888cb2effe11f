import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kafkaSecurity } from './kafka-security';

describe('kafkaSecurity', () => {
  it('is plaintext without settings (local stack, in-chart broker)', () => {
    expect(kafkaSecurity({})).toEqual({});
  });

  it('speaks SASL_SSL with SCRAM-SHA-512 and a CA file (a managed Kafka)', () => {
    const ca = path.join(mkdtempSync(path.join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    expect(
      kafkaSecurity({
        GAVEL_KAFKA_SSL_CA_FILE: ca,
        GAVEL_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        GAVEL_KAFKA_SASL_USERNAME: 'gavel',
        GAVEL_KAFKA_SASL_PASSWORD: 'secret',
      }),
    ).toEqual({
      ssl: { ca: ['-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n'] },
      sasl: { mechanism: 'scram-sha-512', username: 'gavel', password: 'secret' },
    });
  });

  it('uses Node’s CAs with GAVEL_KAFKA_SSL=true alone', () => {
    expect(kafkaSecurity({ GAVEL_KAFKA_SSL: 'true' })).toEqual({ ssl: true });
  });

  it('refuses an unknown mechanism or missing credentials', () => {
    expect(() => kafkaSecurity({ GAVEL_KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/must be one of/);
    expect(() => kafkaSecurity({ GAVEL_KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/are required/);
  });
});
