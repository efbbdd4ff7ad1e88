import { EVENTS_EXCHANGE } from '@platform/contracts';
import { progressEventsQueue } from './progress.config';

describe('progressEventsQueue', () => {
  it('is `progress` on the platform exchange and a queue of its own on any other', () => {
    expect(progressEventsQueue({ EVENTS_EXCHANGE })).toBe('progress');
    expect(progressEventsQueue({ EVENTS_EXCHANGE: 'test.events.1' })).toBe('test.events.1.progress');
  });
});
