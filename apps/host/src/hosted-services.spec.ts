import { HOSTABLE_SERVICES, hostedServices } from './hosted-services';

describe('hostedServices (GAVEL_HOST_SERVICES)', () => {
  it('reads the list in order, trimming blanks', () => {
    expect(hostedServices(' wallet, payment ,warehouse,,delivery ')).toEqual([
      'wallet',
      'payment',
      'warehouse',
      'delivery',
    ]);
  });

  it.each([
    [undefined, /must list the services/],
    ['  ,', /must list the services/],
    ['wallet,gateway', /"gateway" cannot be hosted/],
    ['constructor', /"constructor" cannot be hosted/],
    ['lot,lot', /"lot" is listed twice/],
  ])('refuses %p', (raw, message) => {
    expect(() => hostedServices(raw)).toThrow(message);
  });

  it('can host every service that starts with bootstrapService, and not the gateway', () => {
    expect(Object.keys(HOSTABLE_SERVICES).sort()).toEqual(
      [
        'delivery',
        'lot',
        'notification',
        'orchestrator',
        'payment',
        'telegram-alerter',
        'wallet',
        'warehouse',
      ].sort(),
    );
  });
});
