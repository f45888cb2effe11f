import { Logger } from '@nestjs/common';
import { registry } from '@app/observability';
import { LotReplicas, ResolveAll } from './lot-replicas';
import { rendezvousOrder } from './rendezvous';

const LOT = '0192f0a4-0000-7000-8000-000000000001';
const dns = (host = 'gavel-lot-pods') => ({ kind: 'dns' as const, host, port: 18085, refreshMs: 5000 });

/** A resolver answering from a script: a list of addresses, or an error to throw. */
function scripted(answers: (string[] | Error)[]): ResolveAll & { hosts: string[] } {
  const hosts: string[] = [];
  const resolve = async (host: string) => {
    hosts.push(host);
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next ?? [];
  };
  return Object.assign(resolve, { hosts });
}

async function fallbacks(reason: string): Promise<number> {
  const metric = await registry.getSingleMetric('gavel_lot_fallbacks_total')!.get();
  return metric.values.filter((v) => v.labels.reason === reason).reduce((a, v) => a + v.value, 0);
}

beforeAll(() => {
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});

describe('LotReplicas with DNS discovery', () => {
  it('uses the sorted addresses of the name, and the name itself before the first answer', async () => {
    const resolve = scripted([['10.0.0.9', '10.0.0.10', '10.0.0.9', 'fd00::1']]);
    const replicas = new LotReplicas(dns(), { downMs: 2000, resolve });
    expect(replicas.replicas()).toEqual(['http://gavel-lot-pods:18085']);
    await replicas.refresh();
    expect(resolve.hosts).toEqual(['gavel-lot-pods']);
    expect(replicas.replicas()).toEqual([
      'http://10.0.0.10:18085',
      'http://10.0.0.9:18085',
      'http://[fd00::1]:18085',
    ]);
  });

  it('keeps the last good set when the name does not resolve or has no addresses, and follows it when it changes', async () => {
    const resolve = scripted([
      ['10.0.0.1', '10.0.0.2'],
      Object.assign(new Error('queryA ENOTFOUND gavel-lot-pods'), { code: 'ENOTFOUND' }),
      [],
      ['10.0.0.2', '10.0.0.3'],
    ]);
    const replicas = new LotReplicas(dns(), { downMs: 2000, resolve });
    await replicas.refresh();
    const good = ['http://10.0.0.1:18085', 'http://10.0.0.2:18085'];
    expect(replicas.replicas()).toEqual(good);
    await replicas.refresh(); // DNS failed
    expect(replicas.replicas()).toEqual(good);
    await replicas.refresh(); // no addresses
    expect(replicas.replicas()).toEqual(good);
    await replicas.refresh();
    expect(replicas.replicas()).toEqual(['http://10.0.0.2:18085', 'http://10.0.0.3:18085']);
  });

  it('resolves at start and again every refreshMs until the module stops', async () => {
    jest.useFakeTimers();
    try {
      const resolve = scripted([['10.0.0.1'], ['10.0.0.1', '10.0.0.2'], ['10.0.0.3']]);
      const replicas = new LotReplicas(dns(), { downMs: 2000, resolve });
      await replicas.onModuleInit();
      expect(replicas.replicas()).toEqual(['http://10.0.0.1:18085']);
      await jest.advanceTimersByTimeAsync(5000);
      expect(replicas.replicas()).toEqual(['http://10.0.0.1:18085', 'http://10.0.0.2:18085']);
      replicas.onModuleDestroy();
      await jest.advanceTimersByTimeAsync(20_000);
      expect(resolve.hosts).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('LotReplicas order for a call', () => {
  const urls = ['http://127.0.0.1:18085', 'http://127.0.0.1:18185', 'http://127.0.0.1:18285'];

  it("sends a lot's calls in its rendezvous order, and other calls to each replica in turn", () => {
    const replicas = new LotReplicas({ kind: 'static', urls }, { downMs: 2000 });
    expect(replicas.orderFor(LOT)).toEqual(rendezvousOrder(LOT, urls));
    const firsts = [0, 1, 2, 3].map(() => replicas.orderFor()[0]);
    expect(firsts).toEqual([urls[0], urls[1], urls[2], urls[0]]);
    expect(replicas.orderFor()).toHaveLength(3);
  });

  it('passes a replica marked down for the next of the lot, until downMs has passed', async () => {
    let now = 1_000_000;
    const replicas = new LotReplicas({ kind: 'static', urls }, { downMs: 2000, now: () => now });
    const [owner, second, third] = rendezvousOrder(LOT, urls);
    const passed = await fallbacks('down');
    replicas.markDown(owner);
    expect(replicas.orderFor(LOT)).toEqual([second, third, owner]);
    expect(await fallbacks('down')).toBe(passed + 1);
    replicas.markDown(second);
    expect(replicas.orderFor(LOT)).toEqual([third, owner, second]);
    replicas.markDown(third); // all down: tried in the lot's order all the same
    expect(replicas.orderFor(LOT)).toEqual([owner, second, third]);
    now += 2001;
    expect(replicas.orderFor(LOT)).toEqual([owner, second, third]);
    expect(replicas.isDown(owner)).toBe(false);
  });
});
