import { Body, Controller, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt } from 'class-validator';
import request from 'supertest';
import { BODY_LIMIT, configureHttpApp } from './bootstrap';

class EchoRequestDto {
  @IsInt()
  amount: number;
}

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: EchoRequestDto): EchoRequestDto {
    return body;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

/** The shared HTTP conventions on an in-process app: what a refused body is answered with. */
describe('configureHttpApp', () => {
  let app: INestApplication;
  const post = () => request(app.getHttpServer()).post('/echo').set('content-type', 'application/json');

  beforeAll(async () => {
    app = await NestFactory.create(EchoModule, { logger: false, bodyParser: false });
    configureHttpApp(app);
    await app.init();
  });
  afterAll(() => app.close());

  it('accepts a valid body', async () => {
    const res = await post().send({ amount: 1 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ amount: 1 });
  });

  it('answers a malformed JSON body 400 REQUEST.MALFORMED_JSON, not the bare REQUEST.INVALID', async () => {
    const res = await post().send('{"amount": 1');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON', correlationId: expect.any(String) });
  });

  it(`answers a body over ${BODY_LIMIT} 413 REQUEST.TOO_LARGE`, async () => {
    const res = await post().send({ amount: 1, pad: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'REQUEST.TOO_LARGE', correlationId: expect.any(String) });
  });

  it('answers a body that fails validation 400 REQUEST.INVALID with the reasons', async () => {
    const res = await post().send({ amount: 'one' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'REQUEST.INVALID',
      details: ['amount must be an integer number'],
    });
  });
});
