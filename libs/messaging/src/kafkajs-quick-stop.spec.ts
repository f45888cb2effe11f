import { dropHeldFetches, kafkajsQuickStopInstalled } from './kafkajs-quick-stop';

type Request = { correlationId: number; entry: { apiKey: number }; rejected: jest.Mock };
const request = (correlationId: number, apiKey: number): Request => ({
  correlationId,
  entry: { apiKey },
  rejected: jest.fn(),
});
const connection = (...requests: Request[]) => ({
  requestQueue: { inflight: new Map(requests.map((r) => [r.correlationId, r])) },
});

describe('kafkajs quick stop', () => {
  it('is installed', () => expect(kafkajsQuickStopInstalled()).toBe(true));

  it('takes the fetches in flight off every broker connection and fails them; other requests stay', () => {
    const fetchA = request(1, 1);
    const heartbeat = request(2, 12);
    const fetchB = request(7, 1);
    const metadata = request(3, 3);
    const control = connection(heartbeat);
    const fetching = connection(fetchA);
    const otherBroker = connection(fetchB, metadata);
    const cluster = {
      brokerPool: {
        seedBroker: { connectionPool: { pool: [connection()] } },
        brokers: {
          1: { connectionPool: { pool: [control, fetching] } },
          2: { connectionPool: { pool: [otherBroker] } },
        },
      },
    };

    expect(dropHeldFetches(cluster)).toBe(2);

    expect(fetchA.rejected).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/stopping/) }),
    );
    expect(fetchB.rejected).toHaveBeenCalled();
    expect([...fetching.requestQueue.inflight.keys()]).toEqual([]);
    expect([...otherBroker.requestQueue.inflight.keys()]).toEqual([3]);
    expect([...control.requestQueue.inflight.keys()]).toEqual([2]);
    expect(heartbeat.rejected).not.toHaveBeenCalled();
    expect(metadata.rejected).not.toHaveBeenCalled();
  });

  it('copes with a cluster that never connected', () => {
    expect(dropHeldFetches(undefined)).toBe(0);
    expect(dropHeldFetches({ brokerPool: { brokers: { 1: {} } } })).toBe(0);
  });
});
