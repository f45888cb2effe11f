import { Writable } from 'node:stream';
import * as winston from 'winston';
import { WinstonNestLogger } from './logger';

describe('WinstonNestLogger', () => {
  it('drops an entry below the level before winston formats it, and writes the others', () => {
    let formatted = 0;
    const lines: string[] = [];
    const counting = winston.format((info) => {
      formatted++;
      return info;
    });
    const logger = winston.createLogger({
      level: 'warn',
      format: winston.format.combine(counting(), winston.format.json()),
      transports: [
        new winston.transports.Stream({
          stream: new Writable({
            write(chunk: Buffer, _enc, done) {
              lines.push(chunk.toString());
              done();
            },
          }),
        }),
      ],
    });
    const nest = new WinstonNestLogger(logger);
    nest.log({ message: 'saga decided', sagaId: 's-1' }, 'SagaRunner');
    nest.debug('details');
    expect(formatted).toBe(0);
    nest.warn({ message: 'incident raised', sagaId: 's-1' }, 'SagaEffectsWriter');
    expect(formatted).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      message: 'incident raised',
      sagaId: 's-1',
      context: 'SagaEffectsWriter',
    });
  });
});
