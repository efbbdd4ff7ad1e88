import { EVENTS_EXCHANGE } from '@platform/contracts';
import { catalogEventsQueue } from './catalog.config';

describe('catalogEventsQueue', () => {
  it('is `catalog` on the platform exchange and a queue of its own on any other', () => {
    expect(catalogEventsQueue({ EVENTS_EXCHANGE })).toBe('catalog');
    expect(catalogEventsQueue({ EVENTS_EXCHANGE: 'test.events.1' })).toBe('test.events.1.catalog');
  });
});
