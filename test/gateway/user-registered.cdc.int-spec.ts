import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { KafkaTap } from '../support/kafka-tap';
import { startGateway } from './gateway-harness';
import { closePools, uniqueId, waitFor } from './support';

/** gateway (HTTP) → gateway.outbox → Debezium (gavel-outbox) → Kafka `user.events`. */
describe('UserRegistered reaches Kafka through the outbox and Debezium', () => {
  let app: INestApplication;
  const tap = new KafkaTap(Topics.userEvents);

  beforeAll(async () => {
    await tap.start();
    app = await startGateway({});
  });
  afterAll(async () => {
    await app?.close();
    await tap.stop();
    await closePools();
  });

  it('publishes one UserRegistered record keyed by the new user id, with its ids as headers', async () => {
    const email = `${uniqueId('cdc')}@example.com`;
    const correlationId = uniqueId('corr-cdc');
    const res = await request(app.getHttpServer())
      .post('/auth/register')
      .set('x-correlation-id', correlationId)
      .send({ email, password: 'password-123', displayName: 'Kafka Reader', role: 'buyer' })
      .expect(201);
    const userId: string = res.body.userId;

    const [record] = await waitFor(
      'the UserRegistered record',
      async () => tap.byKey(userId).length > 0 && tap.byKey(userId),
      60_000,
    );
    expect(record.topic).toBe('user.events');
    expect(record.value).toEqual({
      type: 'UserRegistered',
      data: { userId, email, displayName: 'Kafka Reader', roles: ['buyer'] },
    });
    expect(record.headers).toMatchObject({
      type: 'UserRegistered',
      'correlation-id': correlationId,
      'message-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    await new Promise((r) => setTimeout(r, 1000));
    expect(tap.byKey(userId)).toHaveLength(1);
  });
});
