/** The inbound reports: narrowed by queue rather than campaign. */
import { iso, type Report } from './report.ts';

export const inboundAbandoned: Report = {
  id: 'inbound-abandoned',
  title: 'Inbound Abandoned',
  description: 'Callers who hung up while waiting in an inbound queue, by arrival in the range: the queue, when they called, how long they waited and their number',
  filter: 'queue',
  columns: [{ key: 'queue', label: 'Queue', type: 'text' }, { key: 'arrivedAt', label: 'Time', type: 'datetime' }, { key: 'waitSeconds', label: 'Wait seconds', type: 'number' }, { key: 'callingNumber', label: 'Calling number', type: 'text' }],
  async page(store, params, limit, offset) {
    const query = { from: params.from, to: params.to, ...(params.queue === undefined ? {} : { queue: params.queue }) };
    const calls = await store.inboundCalls.abandoned({ ...query, limit, offset });
    return {
      total: await store.inboundCalls.countAbandoned(query),
      rows: calls.map((c) => ({
        queue: c.queue, arrivedAt: iso(c.arrivedAt), waitSeconds: c.endedAt === null ? null : Math.round((c.endedAt - c.arrivedAt) / 1000), callingNumber: c.callingNumber,
      })),
    };
  },
};
