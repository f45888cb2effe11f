import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { orderIdFor } from '../../apps/gateway/src/orders/domain/order-id';
import { registerAndLogin, startGateway } from './gateway-harness';
import { closePools, freePortUrl } from './support';

describe('gateway with its downstream services down', () => {
  let gateway: INestApplication;

  beforeAll(async () => {
    gateway = await startGateway({
      GAVEL_WALLET_URL: await freePortUrl(),
      GAVEL_ORCHESTRATOR_URL: await freePortUrl(),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await closePools();
  });

  it('answers 503 UPSTREAM.UNAVAILABLE', async () => {
    const buyer = await registerAndLogin(gateway, 'buyer');
    for (const path of ['/wallet', '/wallet/holds', `/orders/${orderIdFor(buyer.userId, 'k')}`]) {
      const res = await request(gateway.getHttpServer())
        .get(path)
        .set('authorization', `Bearer ${buyer.token}`)
        .set('x-correlation-id', 'corr-down');
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 503,
        body: { code: 'UPSTREAM.UNAVAILABLE', message: expect.any(String), correlationId: 'corr-down' },
      });
    }
  });
});
